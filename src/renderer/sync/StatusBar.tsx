import type { SyncStatus } from './syncHub'

interface StatusBarProps {
  status: SyncStatus
  /** Whether any rendezvous is reachable (null until main has said). */
  reachable: boolean | null
  workOffline: boolean
  onToggleOffline: () => void
  connectionOpen: boolean
  onShowConnection: () => void
  /** Left side: word counts or what is being read. */
  children?: React.ReactNode
}

/** One line: Offline, Connecting… (no meeting place reached yet), or how many people are connected. */
function describe(status: SyncStatus, reachable: boolean | null): string {
  if (status.state === 'offline') return 'Offline'
  const n = status.peers.length
  // Connected peers are connected, whatever the meeting places are doing now.
  if (n === 0 && (status.state === 'connecting' || reachable === false)) return 'Connecting…'
  return `${n} ${n === 1 ? 'peer' : 'peers'} connected`
}

/** Sync state, who is here, the way to the connection view, the Work offline switch, and word counts. */
export function StatusBar({ status, reachable, workOffline, onToggleOffline, connectionOpen, onShowConnection, children }: StatusBarProps) {
  const summary = describe(status, reachable)
  return (
    <footer className="status-bar">
      <div className="status-words">{children}</div>
      {status.peers.length > 0 && (
        <ul className="presence" aria-label="Here now">
          {status.peers.map((peer) => (
            <li key={peer.peerId} title={`${peer.name} (${peer.role})`}>
              <span className="avatar" aria-hidden="true">
                {peer.name.slice(0, 1).toUpperCase()}
              </span>
              <span className="presence-name">{peer.name}</span>
            </li>
          ))}
        </ul>
      )}
      <span role="status" className={`sync-state sync-${summary === 'Connecting…' ? 'connecting' : status.state === 'online' && status.peers.length === 0 ? 'idle' : status.state}`}>
        {summary}
      </span>
      <button type="button" className="connection-button" aria-current={connectionOpen ? 'page' : undefined} onClick={onShowConnection}>
        Connection
      </button>
      <button type="button" className="offline-toggle" aria-pressed={workOffline} onClick={onToggleOffline}>
        Work offline
      </button>
    </footer>
  )
}
