import { launchBrowser } from './e2e/support/browser'
import { newRoom, Peer, startRig } from './e2e/transport/support'
process.env.QUIRE_TRANSPORT_DEBUG = ''
const rig = await startRig()
const browsers = await Promise.all([launchBrowser(), launchBrowser()])
const timeout = Number(process.argv[2])
let stuck = 0
for (let i = 0; i < Number(process.argv[4] ?? 10); i++) {
  const [a, b] = await Promise.all(browsers.map((br) => Peer.open(br, rig.pageUrl)))
  const logs: string[] = []
  for (const [n, p] of [['A', a], ['B', b]] as const) {
    p!.page.on('console', (m) => logs.push(`${n} ${Date.now() % 100000} ${m.text().replace(/%c/g, '').replace(/color:[^;]*;( *font-weight:[a-z]*;)?/g, '').slice(0, 200)}`))
  }
  await a!.page.evaluate(() => localStorage.setItem('log', 'y-webrtc')); await b!.page.evaluate(() => localStorage.setItem('log', 'y-webrtc'))
  await a!.page.reload(); await b!.page.reload()
  await a!.page.waitForFunction(() => document.title === 'ready'); await b!.page.waitForFunction(() => document.title === 'ready')
  await a!.call('writeChapter', Number(process.argv[3] ?? 100))
  const { room, password } = newRoom()
  const o = { room, password, signaling: rig.signalingUrl, guarded: true, connectTimeoutMs: timeout }
  await a!.call('connect', { ...o, name: 'a' }); await b!.call('connect', { ...o, name: 'b' })
  const t0 = Date.now()
  let ok = false
  while (Date.now() - t0 < 12000) { if ((await b!.call('chapterText')).length > 0) { ok = true; break } await new Promise((r) => setTimeout(r, 100)) }
  const rej = [...await a!.call('rejected'), ...await b!.call('rejected')]
  if (!ok) { stuck++; console.log(logs.join('\n')); console.log('peers', await a!.call('connectedPeers'), await b!.call('connectedPeers'), await a!.call('remoteNames'), await b!.call('remoteNames'), a!.errors, b!.errors) }
  console.log(i, ok ? `synced in ${Date.now() - t0} ms` : 'STUCK', rej)
  await a!.close(); await b!.close()
}
console.log({ timeout, stuck })
await Promise.all(browsers.map((br) => br.close()))
await rig.close()
