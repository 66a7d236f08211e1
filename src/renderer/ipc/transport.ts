import type { CallChannel, EventChannel, Envelope } from '../../shared/contract'

/** How the renderer reaches main: Electron's preload bridge or the browser host's WebSocket. */
export interface Transport {
  call(channel: CallChannel, arg: unknown): Promise<Envelope>
  on(event: EventChannel, listener: (payload: unknown) => void): () => void
}
