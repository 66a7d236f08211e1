/**
 * The import worker: reads a Word document with mammoth off the main thread,
 * so a 100,000-word manuscript never freezes the window. One document per
 * worker; the importer terminates it afterwards (or when it overruns).
 */
import { wordToHtml } from './wordConvert'
import type { WordWorkerReply, WordWorkerRequest } from './workerProtocol'

/** The slice of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(reply: WordWorkerReply): void
  onmessage: ((event: MessageEvent<WordWorkerRequest>) => void) | null
}

const scope = self as unknown as WorkerScope

scope.onmessage = (event) => {
  const request = event.data
  if (request?.type !== 'convert' || !(request.bytes instanceof ArrayBuffer)) return
  wordToHtml(new Uint8Array(request.bytes)).then(
    (result) => scope.postMessage(result.ok ? { type: 'converted', html: result.html } : { type: 'failed', reason: result.reason }),
    () => scope.postMessage({ type: 'failed', reason: 'damaged' }),
  )
}
