/**
 * The export worker: builds the Word document off the main thread. It gets
 * the manuscript as plain data (documents as ProseMirror JSON) and answers
 * with the file's bytes.
 */
import { manuscriptDocx } from '../../shared/manuscript/docx'
import { manuscriptFromData } from '../../shared/manuscript/model'
import type { ExportWorkerReply, ExportWorkerRequest } from './workerProtocol'

interface WorkerScope {
  postMessage(reply: ExportWorkerReply, transfer?: Transferable[]): void
  onmessage: ((event: MessageEvent<ExportWorkerRequest>) => void) | null
}

const scope = self as unknown as WorkerScope

scope.onmessage = (event) => {
  const request = event.data
  if (request?.type !== 'docx') return
  Promise.resolve()
    .then(() => manuscriptDocx(manuscriptFromData(request.manuscript)))
    .then(
      (bytes) => scope.postMessage({ type: 'docx', bytes }, [bytes.buffer]),
      (error: unknown) => scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    )
}
