import {
  callArgs,
  QuireError,
  type CallChannel,
  type CallHandlers,
  type Envelope,
  type ErrorCode,
} from './contract'

function isCallChannel(channel: unknown): channel is CallChannel {
  return typeof channel === 'string' && Object.hasOwn(callArgs, channel)
}

/**
 * Builds the single entry point both transports (Electron IPC and the browser
 * host's WebSocket) call: it checks the channel, validates the argument, runs
 * the handler and turns every outcome into an envelope. Nothing a caller sends
 * can make it throw.
 */
export function createDispatcher(
  handlers: CallHandlers,
  onInternalError: (channel: string, error: unknown) => void = () => {},
): (channel: unknown, arg: unknown) => Promise<Envelope> {
  return async (channel, arg) => {
    if (!isCallChannel(channel)) {
      return fail('unknown-channel', `Unknown request ${JSON.stringify(String(channel)).slice(0, 80)}.`)
    }
    const parsed = callArgs[channel].safeParse(arg ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? issue.path.join('.') : 'argument'
      return fail('invalid-argument', `Invalid request to ${channel}: ${where} ${issue?.message ?? 'is invalid'}.`)
    }
    try {
      const handler = handlers[channel] as (args: unknown) => unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      if (error instanceof QuireError) return fail(error.code, error.message)
      onInternalError(channel, error)
      return fail('internal', 'Something went wrong inside Quire. Your work is safe; please try again.')
    }
  }
}

function fail(code: ErrorCode, message: string): Envelope {
  return { ok: false, error: { code, message } }
}
