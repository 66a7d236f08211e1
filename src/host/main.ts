import { parseHostOptions } from './options'
import { startHost } from './server'

async function main(): Promise<void> {
  const options = parseHostOptions(process.argv.slice(2))
  const host = await startHost(options)
  // Tests and scripts wait for this exact line. It is the only place the
  // launch key appears: the address is printed for the user, never logged.
  console.log(`Quire is running at ${host.url} (data: ${options.dataDir})`)
  const stop = (): void => {
    void host.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(`Quire could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
