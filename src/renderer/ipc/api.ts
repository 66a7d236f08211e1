/**
 * The typed API the React app uses. Built from the contract's channel list over
 * whichever transport this window has; failures arrive as QuireError.
 */
import type { CallChannel, EventChannel } from '../../shared/channels'
import type { QuireApi } from '../../shared/contract'
import { createApi } from './createApi'
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

function defaultTransport(): Transport {
  if (window.quireBridge) return electronTransport(window.quireBridge)
  return createWsTransport(ipcSocketUrl(location))
}

export const api: QuireApi = createApi(defaultTransport())
