// electron-builder's afterPack hook: flips Electron's fuses in the packaged
// binary before it is signed, turning off what Quire never uses so that a
// packaged Quire cannot be driven as a plain Node runtime or debugger, and
// loads only its own integrity-checked app.asar.
// Plain JavaScript because electron-builder imports hooks as they are.
import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'

/** Every fuse Quire sets; the rest keep Electron's defaults. */
export const QUIRE_FUSES = {
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general Node runtime.
  [FuseV1Options.RunAsNode]: false,
  // Cookies (and other network state) encrypted at rest with the OS keychain.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would let any local user debug the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash recorded at packaging time (macOS, Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar is loaded, never a loose app folder placed beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer comes from app://quire; file:// pages get no extra rights.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
}

/** electron-builder's Arch enum: x64 = 1, arm64 = 3, universal = 4. */
const ARM64 = 3
const UNIVERSAL = 4

/** The packaged Electron binary (or .app bundle) whose fuse wire is flipped, as electron-builder names it. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`)
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`)
  return join(appOutDir, packager.executableName)
}

export default async function afterPack(context) {
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
  await flipFuses(electronBinaryPath(context), {
    version: FuseVersion.V1,
    // Apple Silicon refuses a binary whose ad-hoc signature no longer matches.
    resetAdHocDarwinSignature: darwin && (context.arch === ARM64 || context.arch === UNIVERSAL),
    ...QUIRE_FUSES,
  })
}
