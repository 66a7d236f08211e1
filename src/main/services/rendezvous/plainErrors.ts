/**
 * Network errors in plain words, for the connection view: what happened and,
 * where it helps, what it usually means. Node reports them as codes.
 */

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at that address (connection refused): the server is down or the port is wrong',
  ENOTFOUND: 'that name could not be found (DNS): check the spelling, or this computer has no internet',
  EAI_AGAIN: 'that name could not be looked up right now (DNS): this computer may have no internet',
  ETIMEDOUT: 'no answer in time: the server is unreachable or a firewall drops the traffic',
  ENETUNREACH: 'no route to that network: this computer is not connected to the internet',
  EHOSTUNREACH: 'no route to that server: it is unreachable from this network',
  ECONNRESET: 'the connection was cut off by the other side or by the network',
  EPIPE: 'the connection was cut off by the other side',
  EADDRNOTAVAIL: 'this computer has no network address to connect from',
  CERT_HAS_EXPIRED: 'its security certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its security certificate is self-signed, so it cannot be trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its security certificate comes from an authority this computer does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its security certificate comes from an authority this computer does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its security certificate comes from an authority this computer does not trust',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its security certificate is for another name',
  EPROTO: 'it does not speak the expected protocol (is it a TLS port?)',
}

/** A short plain-words description of why a connection failed. */
export function plainError(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown }
    if (typeof code === 'string' && BY_CODE[code]) return BY_CODE[code]!
    if (typeof code === 'number' && code >= 1 && code <= 5) return MQTT_REFUSALS[code]!
    if (typeof message === 'string') {
      const status = /Unexpected server response: (\d+)/.exec(message)
      if (status) return `the server answered HTTP ${status[1]}: is this the right address, and the right kind of server?`
      if (/connack timeout|Connection timed out|timed out/i.test(message)) return BY_CODE.ETIMEDOUT!
      if (/wrong version number|packet length too long/i.test(message)) return BY_CODE.EPROTO!
      return message.slice(0, 200)
    }
  }
  return String(error).slice(0, 200)
}

/** MQTT 3.1.1 CONNACK return codes. */
const MQTT_REFUSALS: Record<number, string> = {
  1: 'the broker refused the connection: it does not speak this MQTT version',
  2: 'the broker refused the connection: it did not accept the client id',
  3: 'the broker is unavailable right now',
  4: 'the broker refused the connection: it wants a user name and password',
  5: 'the broker refused the connection: not authorised',
}
