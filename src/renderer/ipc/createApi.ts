/** The typed API over any transport; failures arrive as QuireError. No window needed: tests and the bench build one over the services in process. */
import { CALL_CHANNELS, type EventChannel } from '../../shared/channels'
import type { QuireApi } from '../../shared/contract'
import { unwrap } from '../../shared/errors'
import type { Transport } from './transport'

export function createApi(transport: Transport): QuireApi {
  const api: Record<string, unknown> = {
    on: (event: EventChannel, listener: (payload: unknown) => void) => transport.on(event, listener),
  }
  for (const channel of CALL_CHANNELS) {
    api[channel] = async (arg: unknown) => unwrap(await transport.call(channel, arg))
  }
  return api as QuireApi
}
