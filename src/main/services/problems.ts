/**
 * What the storage layer tells the user when a file on disk was damaged.
 *
 * Storage never throws away bytes it cannot read: it keeps the damaged file
 * beside the original and reports a problem, so the UI can explain what
 * happened and the user (or support) can still dig into the old file.
 */
export interface StorageProblem {
  /** Base name of the file that was damaged, e.g. `Ab12Cd34.log`. */
  file: string
  /** Base name of the untouched copy kept beside it, e.g. `Ab12Cd34.log.damaged-2024-05-01T12-00-00-000Z`. */
  keptAs: string
  /** Plain-language explanation, ready to show to the user. */
  message: string
}

/** What happened to a document's update log, and what came back. */
export interface LogDamageReport {
  docId: string
  /** Only the change being written when Quire stopped was cut off; nothing else was damaged. */
  tornTail: boolean
  /** Changes that could not be read and that no saved generation holds; null when the damage hid how many. */
  missingChanges: number | null
  /** The saved generation that held what the damage covered, when one did. */
  restoredFrom: { file: string; savedAt: number } | null
  /** Some readable changes could not be placed: what they build on was lost. */
  incomplete: boolean
}

export interface LogProblem extends StorageProblem {
  log: LogDamageReport
}

const time = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * The notice for a damaged log, about `what` ("Chapter “Dawn” of “Harbour”").
 * It says what came back and what did not, and never claims more.
 */
export function describeLogDamage(report: LogDamageReport, what: string, keptAs: string): string {
  const kept = ` The damaged file was kept as "${keptAs}".`
  if (report.tornTail) {
    return `${what}: the last change Quire was saving when it stopped could not be read and was left out. Everything before it is there.${kept}`
  }
  const from = report.restoredFrom ? ` Quire rebuilt it from the copy saved ${time(report.restoredFrom.savedAt)} and the readable changes after it.` : ''
  const missing =
    report.missingChanges === 0 && !report.incomplete
      ? ' Nothing is missing.'
      : report.missingChanges === null
        ? ' Some changes near the damage could not be read and may be missing.'
        : ` ${report.missingChanges === 1 ? '1 change' : `${report.missingChanges} changes`} could not be read and ${report.missingChanges === 1 ? 'is' : 'are'} missing.`
  const stranded = report.incomplete && report.missingChanges === 0 ? ' Some later changes build on what was lost and could not be placed.' : ''
  return `${what} was damaged on disk.${from}${missing}${stranded}${kept}`
}

/** A JSON metadata file could not be parsed or opened at all. */
export function unreadableJsonProblem(file: string, keptAs: string, reason: string): StorageProblem {
  return {
    file,
    keptAs,
    message:
      `Quire's data file "${file}" could not be read (${reason}). ` +
      `Quire started it afresh and kept the damaged file as "${keptAs}", so nothing in it is lost.`,
  }
}

/**
 * A JSON metadata file was damaged (or missing) and rebuilt with its previous
 * generation. `restored` names what came from that copy; null means all of it.
 */
export function restoredFromPreviousProblem(file: string, keptAs: string | null, savedAt: number, restored: string[] | null, reason: string): StorageProblem {
  const kept = keptAs ? ` The damaged file was kept as "${keptAs}".` : ''
  const when = time(savedAt)
  const body =
    restored === null
      ? `Quire restored it from the copy it saved ${when}: your books, chapters, network, shares and settings are as they were then. A change made after that, if there was one, is missing.`
      : restored.length === 0
        ? 'Everything else in it could be read, so nothing is missing.'
        : `Quire read everything else from the file and took from the copy it saved ${when}: ${restored.join('; ')}.`
  return { file, keptAs: keptAs ?? '', message: `Quire's library file "${file}" was damaged (${reason}). ${body}${kept}` }
}

/** A JSON metadata file parsed, but some of its entries were not understood. */
export function droppedEntriesProblem(file: string, keptAs: string, dropped: number): StorageProblem {
  const entries = dropped === 1 ? '1 entry' : `${dropped} entries`
  return {
    file,
    keptAs,
    message:
      `Quire's data file "${file}" contained ${entries} it could not understand. ` +
      `Quire kept everything else and kept the original file as "${keptAs}".`,
  }
}
