// The globals src/shared may use: the few that browsers, workers, Node and Electron all provide
// with the same behaviour. tsconfig.shared.json sees only these and ES2023, so a DOM or Node
// global used by mistake in src/shared is a type error. Add a global here only when every
// runtime has it; anything else comes in as a parameter.

declare class TextEncoder {
  encode(input?: string): Uint8Array
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean })
  decode(input?: ArrayBufferView | ArrayBuffer): string
}

/** WHATWG URL, read-only as src/shared uses it: parsing and checking, never navigating. */
declare class URL {
  constructor(url: string, base?: string)
  readonly href: string
  readonly protocol: string
  readonly username: string
  readonly password: string
  readonly host: string
  readonly hostname: string
  readonly pathname: string
}
