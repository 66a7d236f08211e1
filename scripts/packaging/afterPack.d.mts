/** Types for afterPack.mjs (kept in JavaScript so electron-builder can import it directly). */
export interface PackContext {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { appInfo: { productFilename: string }; executableName?: string }
}
export declare const QUIRE_FUSES: Readonly<Record<number, boolean>>
export declare function electronBinaryPath(context: PackContext): string
export default function afterPack(context: PackContext): Promise<void>
