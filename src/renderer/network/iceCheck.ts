/**
 * Asks a STUN or TURN server what WebRTC would ask it, from this window:
 * gathers ICE candidates with only that server configured. A server-reflexive
 * candidate means STUN answered (and shows this computer's address as the
 * internet sees it); a relay candidate means the TURN server accepted the
 * credentials and allocated a relay. Errors come from `icecandidateerror`.
 */
import type { IceServer } from '../../shared/network'

export interface IceCheck {
  ok: boolean
  /** Plain words: what answered, or what went wrong. */
  detail: string
}

const CHECK_TIMEOUT_MS = 10_000

export function checkIceServer(server: IceServer, timeoutMs = CHECK_TIMEOUT_MS): Promise<IceCheck> {
  const turn = /^turns?:/.test(server.urls)
  const pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: turn ? 'relay' : 'all' })
  const errors: string[] = []
  return new Promise<IceCheck>((resolve) => {
    let done = false
    const finish = (result: IceCheck) => {
      if (done) return
      done = true
      clearTimeout(timer)
      pc.close()
      resolve(result)
    }
    const failed = () =>
      finish({ ok: false, detail: errors[0] ?? (turn ? 'the TURN server did not answer' : 'the STUN server did not answer') })
    const timer = setTimeout(failed, timeoutMs)
    pc.addEventListener('icecandidate', (event) => {
      const candidate = event.candidate
      if (!candidate) return failed()
      if (!turn && candidate.type === 'srflx') finish({ ok: true, detail: `answered: the internet sees this computer as ${candidate.address ?? 'an address'}` })
      if (turn && candidate.type === 'relay') finish({ ok: true, detail: `accepted the credentials and relays through ${candidate.address ?? 'an address'}:${candidate.port ?? ''}` })
    })
    pc.addEventListener('icecandidateerror', (event) => {
      const error = event as RTCPeerConnectionIceErrorEvent
      errors.push(describeIceError(error.errorCode, error.errorText))
    })
    pc.createDataChannel('check')
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .catch((error: unknown) => finish({ ok: false, detail: String(error) }))
  })
}

function describeIceError(code: number, text: string): string {
  if (code === 401) return 'the TURN server refused the user name or password (401)'
  if (code === 403) return 'the TURN server refused to relay for this address (403)'
  if (code === 437 || code === 438) return `the server refused the request (${code}): try again`
  if (code === 701) return /lookup/i.test(text) ? 'its name could not be found (DNS): check the address, or this computer has no internet' : 'no answer: the server is unreachable, or a firewall blocks it'
  return `${text || 'error'} (${code})`
}
