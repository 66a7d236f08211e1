/**
 * Registers one handler per contract channel. Every call is checked for its
 * sender (only our renderer's main frame) and validated by the dispatcher.
 */
import { ipcMain, type WebContents } from 'electron'
import { CALL_CHANNELS, ipcCallName, ipcEventName, type EventChannel } from '../../shared/channels'
import type { CallHandlers, EventPayloads } from '../../shared/contract'
import { createDispatcher } from '../../shared/dispatch'
import { isTrustedSenderUrl } from './appUrl'

export function registerIpc(handlers: CallHandlers): () => void {
  const dispatch = createDispatcher(handlers, (channel, error) => console.error(`error in ${channel}:`, error))
  for (const channel of CALL_CHANNELS) {
    ipcMain.handle(ipcCallName(channel), (event, arg: unknown) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'This page may not use Quire.' } }
      }
      return dispatch(channel, arg)
    })
  }
  return () => {
    for (const channel of CALL_CHANNELS) ipcMain.removeHandler(ipcCallName(channel))
  }
}

export function sendEvent<E extends EventChannel>(target: WebContents | undefined, event: E, payload: EventPayloads[E]): void {
  if (target && !target.isDestroyed()) target.send(ipcEventName(event), payload)
}
