/** `npm run signal -- --port N`: runs the bundled signaling server until stopped. */
import { parseSignalOptions } from './options'
import { startSignalingServer } from './server'

async function main(): Promise<void> {
  const { log, ...listen } = parseSignalOptions(process.argv.slice(2))
  const server = await startSignalingServer({ ...listen, ...(log ? { log: (line: string) => console.log(line) } : {}) })
  // Scripts and tests wait for this exact line.
  console.log(`Signaling server listening on ${server.url}`)
  const stop = (): void => {
    void server.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(`The signaling server could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
