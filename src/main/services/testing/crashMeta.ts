/** The metadata file the crash test's writer keeps: the last entry it recorded. */
export interface CrashMeta {
  written: number
}

export const emptyCrashMeta = (): CrashMeta => ({ written: -1 })

export function sanitizeCrashMeta(raw: unknown): { value: CrashMeta; dropped: number } {
  const written = (raw as Partial<CrashMeta> | null)?.written
  return typeof written === 'number' ? { value: { written }, dropped: 0 } : { value: emptyCrashMeta(), dropped: 1 }
}
