/**
 * The renderer's only door to main: one function per contract channel, built
 * from the channel list. No generic send, no Node, no process.env.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CALL_CHANNELS, EVENT_CHANNELS, ipcCallName, ipcEventName, type EventChannel } from '../shared/channels'

const bridge: Record<string, unknown> = {}
for (const channel of CALL_CHANNELS) {
  const name = ipcCallName(channel)
  bridge[channel] = (arg: unknown) => ipcRenderer.invoke(name, arg)
}
bridge.on = (event: EventChannel, listener: (payload: unknown) => void): (() => void) => {
  if (!EVENT_CHANNELS.includes(event)) throw new Error(`Unknown event ${String(event)}`)
  const name = ipcEventName(event)
  const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
  ipcRenderer.on(name, handler)
  return () => {
    ipcRenderer.removeListener(name, handler)
  }
}

contextBridge.exposeInMainWorld('quireBridge', Object.freeze(bridge))
