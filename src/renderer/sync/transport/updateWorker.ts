/**
 * The update-validation worker: checks each Yjs update it is sent and answers
 * with the verdict. Started by `UpdateValidator`; terminated when a check
 * overruns its time box.
 */
import { verifyEnvelopeBytes } from '../../../shared/trust/verify'
import { checkUpdate } from './updateValidation'
import type { ValidateRequest, ValidatorReply } from './workerProtocol'

/** The slice of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(reply: ValidatorReply): void
  onmessage: ((event: MessageEvent<ValidateRequest>) => void) | null
}

const scope = self as unknown as WorkerScope

scope.onmessage = (event) => {
  const request = event.data
  if (request?.type !== 'validate' || !(request.update instanceof Uint8Array)) return
  if (request.authorKey instanceof Uint8Array) {
    const verdict = verifyEnvelopeBytes(request.update, request.authorKey)
    scope.postMessage({ type: 'result', id: request.id, error: verdict.ok ? null : verdict.reason })
  } else {
    scope.postMessage({ type: 'result', id: request.id, error: checkUpdate(request.update) })
  }
}

scope.postMessage({ type: 'ready' })
