import { useCallback, useEffect, useState } from 'react'
import type { LibrarySnapshot } from '../../shared/library'
import type { QuireApi } from '../../shared/contract'
import type { RendezvousStatus } from '../../shared/networkStatus'
import type { SyncHub } from '../sync/syncHub'
import { adviceFor } from './advice'
import { checkIceServer, type IceCheck } from './iceCheck'
import type { PeerPath } from './roomLinks'
import { useChapterConnections } from './useChapterConnections'
import { useNetworkStatus } from './useNetworkStatus'

interface ConnectionViewProps {
  api: QuireApi
  hub: SyncHub
  snapshot: LibrarySnapshot
  /** Back to where the user was. */
  onClose: () => void
}

const KIND: Record<RendezvousStatus['kind'], string> = { signal: 'Quire signaling server', mqtt: 'MQTT broker', lan: 'Local network' }
const PATH: Record<PeerPath, string> = {
  lan: 'direct on the local network',
  nat: 'direct through NAT',
  relay: 'relayed through a TURN server',
}

/**
 * The connection doctor: whether each meeting place is reachable, whether
 * STUN answers and TURN accepts the credentials, who each shared chapter is
 * connected with and how, and what to change when nothing connects.
 */
export function ConnectionView({ api, hub, snapshot, onClose }: ConnectionViewProps) {
  const status = useNetworkStatus(api)
  const chapters = useChapterConnections(hub, snapshot)
  const [checks, setChecks] = useState<Map<string, IceCheck>>(new Map())
  const [checking, setChecking] = useState(false)
  const servers = status?.iceServers.filter((s) => !s.skipped) ?? []
  // Checks depend on the server list only, not on every status update.
  const serverKey = status ? JSON.stringify(servers) : null

  const runChecks = useCallback(async (key: string) => {
    setChecking(true)
    setChecks(new Map())
    const list = JSON.parse(key) as typeof servers
    const results = await Promise.all(list.map(async (s) => [s.urls, await checkIceServer({ ...s, urls: s.resolved ?? s.urls })] as const))
    setChecks(new Map(results))
    setChecking(false)
  }, [])
  useEffect(() => {
    if (serverKey !== null) void runChecks(serverKey)
  }, [runChecks, serverKey])

  if (!status) return <section className="connection" aria-label="Connection" aria-busy="true" />
  const advice = adviceFor({ status, workOffline: snapshot.settings.workOffline, checks, chapters: chapters ?? [] })

  return (
    <section className="connection" aria-label="Connection">
      <div className="view-header">
        <h1>Connection</h1>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="view-intro">
        How this computer reaches your reviewers. Meeting places introduce peers; STUN and TURN servers get the connection
        through routers; then chapters and comments travel directly between you, encrypted.
      </p>
      {advice.length > 0 && (
        <section className="advice" aria-label="What to try">
          <h2>What to try</h2>
          <ul>
            {advice.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      )}

      <h2>Meeting places</h2>
      <table className="member-table">
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Kind</th>
            <th scope="col">From</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {status.rendezvous.map((r) => (
            <tr key={`${r.kind} ${r.url}`} aria-label={r.kind === 'lan' ? 'Local network' : r.url}>
              <th scope="row" className="address">
                {r.kind === 'lan' ? 'This network' : r.url}
              </th>
              <td>{KIND[r.kind]}</td>
              <td>{r.source === 'invite' ? 'an invite' : 'your settings'}</td>
              <td className={`rendezvous-${r.state}`}>{describeRendezvous(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Routers (NAT)</h2>
      {servers.length === 0 ? (
        <p className="empty-hint">No STUN or TURN server in use.</p>
      ) : (
        <ul className="ice-checks" aria-label="STUN and TURN servers">
          {servers.map((s) => {
            const check = checks.get(s.urls)
            const kind = /^turns?:/.test(s.urls) ? 'TURN' : 'STUN'
            return (
              <li key={s.urls} aria-label={s.urls}>
                <span className="address">{s.urls}</span> ({kind}
                {s.source === 'invite' ? ', from an invite' : ''}):{' '}
                {check ? <span className={check.ok ? 'ok' : 'problem'}>{check.ok ? '✓ ' : '✗ '}{check.detail}</span> : <span className="muted">checking…</span>}
              </li>
            )
          })}
        </ul>
      )}
      <button type="button" onClick={() => serverKey !== null && void runChecks(serverKey)} disabled={checking}>
        {checking ? 'Checking…' : 'Check again'}
      </button>

      <h2>Shared chapters</h2>
      {!chapters ? (
        <p className="muted">Looking…</p>
      ) : chapters.length === 0 ? (
        <p className="empty-hint">No shared chapters yet{snapshot.settings.workOffline ? ', and Work offline is on' : ''}.</p>
      ) : (
        <ul className="chapter-connections">
          {chapters.map((chapter) => (
            <li key={chapter.docId} aria-label={chapter.title}>
              <strong>{chapter.title}</strong>
              {chapter.peers.length === 0 ? (
                <span className="muted"> — nobody connected right now</span>
              ) : (
                <ul>
                  {chapter.peers.map((peer, index) => (
                    <li key={index}>
                      {peer.name ?? 'Someone'} —{' '}
                      {peer.connected ? (
                        <>
                          {peer.path ? PATH[peer.path] : 'connected'}
                          {peer.detail && <span className="muted"> ({peer.detail})</span>}
                        </>
                      ) : (
                        <span className="muted">connecting…</span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function describeRendezvous(r: RendezvousStatus): string {
  switch (r.state) {
    case 'skipped':
      return r.skipped === 'privacy' ? 'Not contacted (privacy mode)' : 'Switched off'
    case 'idle':
      return 'Not in use (no shared chapter needs it now)'
    case 'connecting':
      return 'Connecting…'
    case 'connected':
      return `Reachable${r.rooms > 0 ? ` · ${r.rooms} ${r.rooms === 1 ? 'chapter meets' : 'chapters meet'} here` : ''}`
    case 'failed': {
      const retry = r.retryAt ? Math.max(1, Math.round((r.retryAt - Date.now()) / 1000)) : null
      return `Not reachable: ${r.error ?? 'unknown error'}${retry ? ` · trying again in ${retry} s` : ''}`
    }
  }
}
