/**
 * Renders resources/icon.svg into the icon files the packages need, with
 * Debian's Chromium (never a downloaded browser):
 *   resources/icon.png         1024×1024, the source electron-builder scales from
 *   resources/icons/NxN.png    Linux (AppImage, deb) icon set, 16 to 1024
 *   resources/icon.ico         Windows: PNG-compressed entries, 16 to 256
 *   resources/icon.icns        macOS: PNG entries, 16 to 1024
 * Run it again after changing the SVG: `npx tsx scripts/make-icons.ts`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser } from '../e2e/support/browser'

const RESOURCES = fileURLToPath(new URL('../resources/', import.meta.url))
const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024] as const

async function render(svg: string): Promise<Map<number, Buffer>> {
  const browser = await launchBrowser()
  try {
    const pngs = new Map<number, Buffer>()
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size } })
      const body = `<!doctype html><style>html,body{margin:0;background:transparent}img{display:block;width:${size}px;height:${size}px}</style><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`
      await page.setContent(body)
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode())
      pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }))
      await page.close()
    }
    return pngs
  } finally {
    await browser.close()
  }
}

/** An .ico whose entries are PNG images (read by Windows Vista and later). */
function ico(pngs: Array<[number, Buffer]>): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // 1 = icon
  header.writeUInt16LE(pngs.length, 4)
  const directory = Buffer.alloc(16 * pngs.length)
  let offset = header.length + directory.length
  pngs.forEach(([size, png], i) => {
    const entry = i * 16
    directory.writeUInt8(size >= 256 ? 0 : size, entry) // 0 means 256
    directory.writeUInt8(size >= 256 ? 0 : size, entry + 1)
    directory.writeUInt16LE(1, entry + 4) // colour planes
    directory.writeUInt16LE(32, entry + 6) // bits per pixel
    directory.writeUInt32LE(png.length, entry + 8)
    directory.writeUInt32LE(offset, entry + 12)
    offset += png.length
  })
  return Buffer.concat([header, directory, ...pngs.map(([, png]) => png)])
}

/** The icns element type that holds a PNG of each size. */
const ICNS_TYPES: Readonly<Record<number, string>> = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' }

function icns(pngs: Map<number, Buffer>): Buffer {
  const elements = Object.entries(ICNS_TYPES).map(([size, type]) => {
    const png = pngs.get(Number(size))!
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(8 + elements.reduce((n, e) => n + e.length, 0), 4)
  return Buffer.concat([head, ...elements])
}

async function main(): Promise<void> {
  const svg = await readFile(join(RESOURCES, 'icon.svg'), 'utf8')
  const pngs = await render(svg)
  await mkdir(join(RESOURCES, 'icons'), { recursive: true })
  for (const [size, png] of pngs) await writeFile(join(RESOURCES, 'icons', `${size}x${size}.png`), png)
  await writeFile(join(RESOURCES, 'icon.png'), pngs.get(1024)!)
  await writeFile(join(RESOURCES, 'icon.ico'), ico([16, 32, 48, 64, 128, 256].map((size) => [size, pngs.get(size)!])))
  await writeFile(join(RESOURCES, 'icon.icns'), icns(pngs))
  console.log(`Wrote ${pngs.size} PNG sizes, icon.ico and icon.icns to resources/.`)
}

await main()
