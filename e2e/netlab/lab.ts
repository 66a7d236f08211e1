/**
 * The network lab: namespaces for the internet, home routers, homes and a
 * café, wired with veth pairs and Linux bridges, NAT by iptables.
 *
 * Each namespace is held open by a `sleep` process (started through
 * `setpriv --pdeathsig`, so it dies with the test process); its path is
 * /proc/PID/ns/net. No `ip netns add`: nothing is left in /run/netns, and a
 * crashed run leaves nothing behind. Needs root, unshare, nsenter, ip and
 * iptables, and must run inside scripts/netns-run, so the veth pairs are made
 * in a namespace of this run, never in the machine's own.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CAFE, homeLan, INTERNET, routerAddress } from './addresses'

const run = promisify(execFile)
// ip, iptables, dnsmasq, mosquitto and turnserver live in sbin, which not every PATH names.
process.env.PATH = [process.env.PATH, '/usr/local/sbin', '/usr/sbin', '/sbin'].filter(Boolean).join(':')
export const ENTER = join(import.meta.dirname, 'enter')

/** NAT that STUN gets through, and NAT only TURN gets through. */
export type NatKind = 'port-keeping' | 'symmetric'

export class Netns {
  constructor(
    readonly name: string,
    private readonly holder: ChildProcess,
    /** This namespace's main address, when it has one. */
    readonly address: string,
  ) {}

  get path(): string {
    return `/proc/${this.holder.pid}/ns/net`
  }

  /** Runs a command inside, waits for it, returns its output. */
  async exec(command: string, args: string[]): Promise<string> {
    try {
      const { stdout } = await run('nsenter', [`--net=${this.path}`, '--', command, ...args])
      return stdout
    } catch (error) {
      throw new Error(`in ${this.name}: ${command} ${args.join(' ')} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`)
    }
  }

  kill(): void {
    this.holder.kill('SIGKILL')
  }
}

export class Lab {
  private namespaces: Netns[] = []
  private processes: ChildProcess[] = []
  private links = 0
  private homes = 0
  internet!: Netns

  private constructor(
    readonly dir: string,
    /** The lab's resolv.conf: the lab's DNS server only. */
    readonly resolvConf: string,
  ) {}

  static async create(): Promise<Lab> {
    if (process.getuid?.() !== 0) throw new Error('The network lab needs root (run the end-to-end tests as root).')
    if (process.env.NETNS_RUN_INSIDE !== '1') {
      throw new Error('The network lab must run inside scripts/netns-run, so that it never touches this machine’s network.')
    }
    const dir = await mkdtemp(join(tmpdir(), 'quire-lab-'))
    const resolvConf = join(dir, 'resolv.conf')
    await writeFile(resolvConf, `nameserver ${INTERNET.dns}\n`)
    const lab = new Lab(dir, resolvConf)
    try {
      lab.internet = await lab.namespace('internet', INTERNET.gateway)
      await lab.internet.exec('ip', ['link', 'add', 'br0', 'type', 'bridge'])
      await lab.internet.exec('ip', ['link', 'set', 'br0', 'up'])
      for (const address of [INTERNET.gateway, INTERNET.broker, INTERNET.signal, INTERNET.publicStun, INTERNET.turn, INTERNET.dns]) {
        await lab.internet.exec('ip', ['addr', 'add', `${address}/${INTERNET.prefix}`, 'dev', 'br0'])
      }
      await lab.elsewhere()
    } catch (error) {
      await lab.close()
      throw error
    }
    return lab
  }

  /**
   * The rest of the internet, as seen from the lab's servers: a default route
   * into a veth pair that ends inside the internet namespace itself, through
   * a next hop whose MAC address nothing has, so whatever goes there is lost
   * without an error, as a packet to a private address is out there. Without
   * it a send to such an address fails at once (ENETUNREACH), and coturn ends
   * the allocation whose relay tried: each peer's TURN client checks the
   * other's private host candidate through its relay, and the relayed
   * connection the peers had just set up died a second later.
   */
  private async elsewhere(): Promise<void> {
    const nextHop = '192.0.2.1' // TEST-NET-1: an address for documentation, never sent to; only its made-up MAC is used.
    await this.internet.exec('ip', ['link', 'add', 'void0', 'type', 'veth', 'peer', 'name', 'void1'])
    await this.internet.exec('ip', ['link', 'set', 'void0', 'up'])
    await this.internet.exec('ip', ['link', 'set', 'void1', 'up'])
    await this.internet.exec('ip', ['neigh', 'add', nextHop, 'lladdr', '02:00:00:00:00:01', 'dev', 'void0', 'nud', 'permanent'])
    await this.internet.exec('ip', ['route', 'add', 'default', 'via', nextHop, 'dev', 'void0', 'onlink'])
  }

  /**
   * A home: a computer behind its own router on the internet. A port-keeping
   * router forwards inbound UDP to the computer (endpoint-independent, what
   * STUN assumes); a symmetric one picks a new random port per destination,
   * so only a TURN relay gets through.
   */
  async home(nat: NatKind): Promise<Netns> {
    const n = ++this.homes
    const lan = homeLan(n)
    const router = await this.namespace(`router${n}`, routerAddress(n))
    const host = await this.namespace(`home${n}`, lan.host)
    await this.wire(this.internet, 'br0', router, 'wan', routerAddress(n), INTERNET.prefix)
    await this.wire(router, null, host, 'eth0', lan.host, lan.prefix)
    await router.exec('ip', ['addr', 'add', `${lan.router}/${lan.prefix}`, 'dev', `lan`])
    await router.exec('sysctl', ['-qw', 'net.ipv4.ip_forward=1'])
    await host.exec('ip', ['route', 'add', 'default', 'via', lan.router])
    const masquerade = ['-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan', '-j', 'MASQUERADE']
    await router.exec('iptables', nat === 'symmetric' ? [...masquerade, '--random-fully'] : masquerade)
    if (nat === 'port-keeping') {
      await router.exec('iptables', ['-t', 'nat', '-A', 'PREROUTING', '-i', 'wan', '-p', 'udp', '-j', 'DNAT', '--to-destination', lan.host])
    }
    return host
  }

  /** A café: two computers on one LAN whose router has no uplink, so no internet at all. */
  async cafe(): Promise<[Netns, Netns]> {
    const router = await this.namespace('cafe-router', CAFE.router)
    await router.exec('ip', ['link', 'add', 'br0', 'type', 'bridge'])
    // Flood multicast to every port: no querier runs here to teach the bridge who listens.
    await router.exec('ip', ['link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0'])
    await router.exec('ip', ['link', 'set', 'br0', 'up'])
    await router.exec('ip', ['addr', 'add', `${CAFE.router}/${CAFE.prefix}`, 'dev', 'br0'])
    const hosts: Netns[] = []
    for (const [i, address] of CAFE.hosts.entries()) {
      const host = await this.namespace(`cafe${i + 1}`, address)
      await this.wire(router, 'br0', host, 'eth0', address, CAFE.prefix)
      // A default route to a router that has nowhere to send it: Chromium gathers host candidates only on the default-route interface.
      await host.exec('ip', ['route', 'add', 'default', 'via', CAFE.router])
      hosts.push(host)
    }
    return [hosts[0]!, hosts[1]!]
  }

  /**
   * Starts a long-running command inside a namespace, with the lab's DNS;
   * stopped by `close()` at the latest.
   */
  spawn(ns: Netns, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ChildProcess {
    const child = spawn(ENTER, [ns.path, this.resolvConf, command, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
    })
    this.processes.push(child)
    return child
  }

  /** A two-line executable that runs Chromium inside `ns`, for Playwright's executablePath. */
  async chromiumIn(ns: Netns, chromium: string): Promise<string> {
    const file = join(this.dir, `chromium-${ns.name}`)
    await writeFile(file, `#!/bin/sh\nexec '${ENTER}' '${ns.path}' '${this.resolvConf}' '${chromium}' "$@"\n`, { mode: 0o755 })
    return file
  }

  /** Stops everything the lab started and removes its namespaces and files. */
  async close(): Promise<void> {
    await Promise.all(this.processes.map((child) => stop(child)))
    for (const ns of this.namespaces) ns.kill()
    await rm(this.dir, { recursive: true, force: true })
  }

  private async namespace(name: string, address: string): Promise<Netns> {
    const holder = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '--net', '--', 'sleep', 'infinity'], { stdio: 'ignore' })
    await new Promise<void>((resolve, reject) => {
      holder.once('spawn', () => resolve())
      holder.once('error', reject)
    })
    const ns = new Netns(name, holder, address)
    this.namespaces.push(ns)
    // unshare needs a moment to switch namespaces before exec'ing sleep; wait until ours differs.
    const self = await run('readlink', ['/proc/self/ns/net'])
    for (let i = 0; i < 200; i++) {
      const theirs = await run('readlink', [ns.path]).catch(() => ({ stdout: '' }))
      if (theirs.stdout && theirs.stdout !== self.stdout) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await ns.exec('ip', ['link', 'set', 'lo', 'up'])
    return ns
  }

  /**
   * A veth pair from `a` (attached to bridge `bridge`, or named `lan` when
   * there is none) to `b` (named `name`, with an address and a gateway).
   */
  private async wire(a: Netns, bridge: string | null, b: Netns, name: string, address: string, prefix: number): Promise<void> {
    const id = ++this.links
    const aEnd = `qa${id}`
    const bEnd = `qb${id}`
    await run('ip', ['link', 'add', aEnd, 'type', 'veth', 'peer', 'name', bEnd])
    await run('ip', ['link', 'set', aEnd, 'netns', a.path.split('/')[2]!])
    await run('ip', ['link', 'set', bEnd, 'netns', b.path.split('/')[2]!])
    const aName = bridge ? aEnd : 'lan'
    if (!bridge) await a.exec('ip', ['link', 'set', aEnd, 'name', aName])
    await a.exec('ip', ['link', 'set', aName, 'up'])
    if (bridge) await a.exec('ip', ['link', 'set', aName, 'master', bridge])
    await b.exec('ip', ['link', 'set', bEnd, 'name', name])
    await b.exec('ip', ['addr', 'add', `${address}/${prefix}`, 'dev', name])
    await b.exec('ip', ['link', 'set', name, 'up'])
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
