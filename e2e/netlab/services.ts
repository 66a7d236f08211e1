/**
 * The lab's internet services, each started inside the internet namespace
 * and stopped with the lab: Mosquitto (answering as the public brokers,
 * over TLS with a lab certificate authority), Quire's signaling server,
 * coturn as public STUN and as a self-hosted STUN/TURN server, and dnsmasq
 * answering the public names with lab addresses. Each writes a log the tests
 * read (who connected from where).
 */
import type { ChildProcess } from 'node:child_process'
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { INTERNET, LAB_NAMES, SIGNAL_PORT, TURN_REALM, TURN_SECRET } from './addresses'
import type { Lab } from './lab'

const run = promisify(execFile)

export interface LabService {
  name: string
  /** Everything it logged so far. */
  log(): Promise<string>
  stop(): Promise<void>
}

/** A certificate authority for the lab and a certificate for the broker's names; hosts trust it through NODE_EXTRA_CA_CERTS. */
export async function labCertificates(lab: Lab): Promise<{ ca: string; cert: string; key: string }> {
  const ca = join(lab.dir, 'ca.pem')
  const caKey = join(lab.dir, 'ca.key')
  const cert = join(lab.dir, 'broker.pem')
  const key = join(lab.dir, 'broker.key')
  const csr = join(lab.dir, 'broker.csr')
  const ext = join(lab.dir, 'broker.ext')
  const names = Object.entries(LAB_NAMES).filter(([, address]) => address === INTERNET.broker).map(([name]) => `DNS:${name}`)
  await writeFile(ext, `subjectAltName=${names.join(',')}\nextendedKeyUsage=serverAuth\n`)
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  await run('openssl', ['req', '-x509', ...ec, '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=Quire network lab CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
  await run('openssl', ['req', ...ec, '-keyout', key, '-out', csr, '-subj', '/CN=broker.emqx.io'])
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext])
  return { ca, cert, key }
}

/** dnsmasq: the lab's names, and nothing else (no upstream: any other name fails). */
export async function startDns(lab: Lab): Promise<LabService> {
  const logFile = join(lab.dir, 'dnsmasq.log')
  const args = ['--no-daemon', '--no-resolv', '--no-hosts', '--user=root', '--bind-interfaces', `--listen-address=${INTERNET.dns}`,
    `--pid-file=${join(lab.dir, 'dnsmasq.pid')}`, '--log-queries', `--log-facility=${logFile}`,
    // Every name is local: lab names answer A with their lab address and AAAA with no data (Chromium gives up
    // on a name whose AAAA question is refused), any other name does not exist.
    '--local=/#/',
    ...Object.entries(LAB_NAMES).map(([name, address]) => `--host-record=${name},${address}`)]
  const child = lab.spawn(lab.internet, 'dnsmasq', args)
  return service('dnsmasq', child, logFile, /started, version/)
}

/** Mosquitto: plain MQTT on 1883, TLS on 8883 and 8886 (the public brokers' TLS ports). */
export async function startBroker(lab: Lab, certs: { cert: string; key: string }): Promise<LabService & { address: string }> {
  const logFile = join(lab.dir, 'mosquitto.log')
  const config = join(lab.dir, 'mosquitto.conf')
  const tls = (port: number) => [`listener ${port} ${INTERNET.broker}`, `certfile ${certs.cert}`, `keyfile ${certs.key}`]
  await writeFile(
    config,
    [
      'user root',
      'per_listener_settings false',
      'allow_anonymous true',
      'persistence false',
      `log_dest file ${logFile}`,
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      'connection_messages true',
      `listener 1883 ${INTERNET.broker}`,
      ...tls(8883),
      ...tls(8886),
      '',
    ].join('\n'),
  )
  const child = lab.spawn(lab.internet, 'mosquitto', ['-c', config])
  return { ...(await service('mosquitto', child, logFile, /running/)), address: INTERNET.broker }
}

/** coturn on one address: STUN, and TURN with time-limited credentials from TURN_SECRET. */
export async function startCoturn(lab: Lab, address: string, name: string): Promise<LabService> {
  const logFile = join(lab.dir, `${name}.log`)
  const args = ['-n', `--listening-ip=${address}`, `--relay-ip=${address}`, '--listening-port=3478', `--realm=${TURN_REALM}`,
    '--use-auth-secret', `--static-auth-secret=${TURN_SECRET}`, '--no-tls', '--no-dtls', '--no-cli', '--fingerprint',
    '--simple-log', '--verbose', '--log-binding', `--log-file=${logFile}`, `--pidfile=${join(lab.dir, `${name}.pid`)}`,
    `--db=${join(lab.dir, `${name}.db`)}`, '--min-port=49152', '--max-port=49999']
  const child = lab.spawn(lab.internet, 'turnserver', args)
  return service(name, child, logFile, /Total General servers/)
}

/** Google's STUN port (19302) leads to the lab's public STUN server too. */
export async function redirectGoogleStunPort(lab: Lab): Promise<void> {
  await lab.internet.exec('iptables', ['-t', 'nat', '-A', 'PREROUTING', '-d', INTERNET.publicStun, '-p', 'udp', '--dport', '19302', '-j', 'DNAT', '--to-destination', `${INTERNET.publicStun}:3478`])
}

/** Quire's own signaling server, logging who connects. */
export async function startSignal(lab: Lab): Promise<LabService & { url: string }> {
  const logFile = join(lab.dir, 'signal.log')
  const root = resolve(import.meta.dirname, '../..')
  const child = lab.spawn(lab.internet, process.execPath, ['--import', 'tsx', 'src/signal/main.ts', '--host', INTERNET.signal, '--port', String(SIGNAL_PORT), '--log'], { cwd: root })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    void writeFile(logFile, output)
  })
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  await waitFor(() => Promise.resolve(output), /listening on/, 'signaling server', child)
  return {
    name: 'signal',
    url: `ws://${INTERNET.signal}:${SIGNAL_PORT}`,
    log: () => Promise.resolve(output),
    stop: () => stopChild(child),
  }
}

async function service(name: string, child: ChildProcess, logFile: string, ready: RegExp): Promise<LabService> {
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const log = async () => (await readFile(logFile, 'utf8').catch(() => '')) + output
  await waitFor(log, ready, name, child)
  return { name, log, stop: () => stopChild(child) }
}

async function waitFor(read: () => Promise<string>, pattern: RegExp, name: string, child: ChildProcess): Promise<void> {
  const started = Date.now()
  for (;;) {
    const text = await read()
    if (pattern.test(text)) return
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${text}`)
    if (Date.now() - started > 30_000) throw new Error(`${name} did not start:\n${text}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
