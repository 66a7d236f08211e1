/**
 * The typed API the React app uses. Built from the contract's channel list over
 * whichever transport this window has; failures arrive as QuireError.
 */
import { CALL_CHANNELS, type CallChannel, type EventChannel } from '../../shared/channels'
import type { QuireApi } from '../../shared/contract'
import { unwrap } from '../../shared/errors'
import { ipcSocketUrl } from './hostAddress'
import type { Transport } from './transport'
import { createWsTransport } from './wsTransport'

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser host. */
    quireBridge?: Record<CallChannel, (arg: unknown) => Promise<never>> & {
      on(event: EventChannel, listener: (payload: unknown) => void): () => void
    }
  }
}

function electronTransport(bridge: NonNullable<Window['quireBridge']>): Transport {
  return { call: (channel, arg) => bridge[channel](arg), on: (event, listener) => bridge.on(event, listener) }
}

export function createApi(transport: Transport): QuireApi {
  const api: Record<string, unknown> = {
    on: (event: EventChannel, listener: (payload: unknown) => void) => transport.on(event, listener),
  }
  for (const channel of CALL_CHANNELS) {
    api[channel] = async (arg: unknown) => unwrap(await transport.call(channel, arg))
  }
  return api as QuireApi
}

function defaultTransport(): Transport {
  if (window.quireBridge) return electronTransport(window.quireBridge)
  return createWsTransport(ipcSocketUrl(location))
}

export const api: QuireApi = createApi(defaultTransport())
