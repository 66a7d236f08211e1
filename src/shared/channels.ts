/**
 * The names of every IPC channel, listed once. Kept apart from the argument
 * schemas so the sandboxed preload can build its whitelist without bundling them.
 */
export const CALL_CHANNELS = [
  'library:get',
  'book:create',
  'book:rename',
  'book:trash',
  'chapter:create',
  'chapter:rename',
  'chapter:move',
  'chapter:trash',
  'chapter:setWords',
  'trash:restore',
  'trash:purge',
  'trash:keepComment',
  'trash:forgetComment',
  'session:open',
  'session:setSelection',
  'session:markSeen',
  'notice:dismiss',
  'doc:load',
  'doc:append',
  'room:load',
  'room:commit',
  'room:store',
  'room:newClient',
  'room:signAuth',
  'room:signPresence',
  'identity:create',
  'member:add',
  'member:remove',
  'member:seen',
  'share:createInvite',
  'invite:join',
  'share:bind',
  'share:bindingProof',
  'share:adoptManifest',
  'share:rekey',
  'joined:leave',
  'settings:set',
  'export:pdf',
  'network:info',
  'network:status',
  'sealed:open',
  'version:save',
  'version:delete',
  'share:setReview',
  'feedback:save',
  'package:save',
] as const

export type CallChannel = (typeof CALL_CHANNELS)[number]

/** Events main sends to the renderer. */
export const EVENT_CHANNELS = ['library:changed', 'invite:opened', 'network:changed'] as const

export type EventChannel = (typeof EVENT_CHANNELS)[number]

/** Electron IPC names: calls go through one invoke channel per contract channel, events through one send channel each. */
export const ipcCallName = (channel: CallChannel): string => `quire:call:${channel}`
export const ipcEventName = (channel: EventChannel): string => `quire:event:${channel}`
