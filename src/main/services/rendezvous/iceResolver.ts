/**
 * Resolves the host names in stun: and turn: addresses before they reach
 * WebRTC. Measured in the network lab: Chromium's WebRTC reported "STUN host
 * lookup received error" for every STUN host name even though its DNS
 * server answered (A and AAAA), while the same names resolved through the
 * system resolver. Main resolves them itself and hands the renderer
 * addresses; turns: keeps its name, which TLS needs to check the
 * certificate. A name that does not resolve is passed on as it is, so
 * WebRTC reports the failure and the connection view shows it.
 */
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'

const CACHE_MS = 60_000
/** Without DNS (a café whose internet is down) lookups can hang for many seconds; WebRTC must not wait for them. */
const LOOKUP_TIMEOUT_MS = 2000

export type Lookup = (host: string) => Promise<string>

const systemLookup: Lookup = async (host) => (await lookup(host, { family: 4 }).catch(() => lookup(host))).address

export class IceResolver {
  private cache = new Map<string, { at: number; address: string | null }>()

  constructor(
    private readonly resolve: Lookup = systemLookup,
    private readonly now: () => number = Date.now,
  ) {}

  /** `stun:stun.example.org:3478` → `stun:203.0.113.7:3478`, or the address unchanged. */
  async url(url: string): Promise<string> {
    const match = /^(stun|turn):([^:?[\]]+)(:\d+)?(\?.*)?$/.exec(url)
    if (!match || isIP(match[2]!)) return url
    const address = await this.address(match[2]!)
    if (!address) return url
    const host = isIP(address) === 6 ? `[${address}]` : address
    return `${match[1]}:${host}${match[3] ?? ''}${match[4] ?? ''}`
  }

  private async address(host: string): Promise<string | null> {
    const cached = this.cache.get(host)
    if (cached && this.now() - cached.at < CACHE_MS) return cached.address
    let timer: ReturnType<typeof setTimeout> | undefined
    const address = await Promise.race([
      this.resolve(host).catch(() => null),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), LOOKUP_TIMEOUT_MS))),
    ])
    clearTimeout(timer)
    this.cache.set(host, { at: this.now(), address })
    return address
  }
}
