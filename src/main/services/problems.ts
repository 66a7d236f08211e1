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

function bytes(count: number): string {
  return count === 1 ? '1 byte' : `${count} bytes`
}

/** A chapter's update log lost its tail (or all of it, if the header was bad). */
export function damagedLogProblem(file: string, keptAs: string, lostBytes: number): StorageProblem {
  return {
    file,
    keptAs,
    message:
      `The chapter file "${file}" was damaged (${bytes(lostBytes)} could not be read). ` +
      `Quire recovered everything before the damage and kept the damaged file as "${keptAs}".`,
  }
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
