import { launchBrowser } from './e2e/support/browser'
import { newRoom, Peer, startRig } from './e2e/transport/support'
const rig = await startRig()
const browsers = await Promise.all([launchBrowser(), launchBrowser()])
for (const guarded of [false, true]) {
  const [a, b] = await Promise.all(browsers.map((br) => Peer.open(br, rig.pageUrl)))
  for (const [n, p] of [['A', a], ['B', b]] as const) p!.page.on('console', (m) => console.log(n, m.type(), m.text().slice(0, 300)))
  await a!.call('writeChapter', 60000)
  const { room, password } = newRoom()
  await a!.call('connect', { room, password, signaling: rig.signalingUrl, guarded, name: 'author' })
  await b!.call('connect', { room, password, signaling: rig.signalingUrl, guarded, name: 'reviewer' })
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 1000))
    console.log(guarded, i, await a!.call('connectedPeers'), await b!.call('connectedPeers'), (await b!.call('chapterText')).length, await b!.call('remoteNames'), await a!.call('rejected'), await b!.call('rejected'), a!.errors, b!.errors)
  }
  await a!.close(); await b!.close()
}
await Promise.all(browsers.map((br) => br.close()))
await rig.close()
