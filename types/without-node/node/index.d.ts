// Stands in for @types/node in the layers that must not see Node (src/shared, src/renderer).
// A dependency's declarations can still ask for Node's types (docx's index.d.ts begins with
// `/// <reference types="node" />`), and that reference would bring `process`, `Buffer` and
// Node's timers into every file of the program. tsconfig.shared.json and tsconfig.renderer.json
// list this folder as their only type root, so the reference resolves here, to nothing.
export {}
