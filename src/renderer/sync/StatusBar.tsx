import type { SyncStatus } from './syncHub'

interface StatusBarProps {
  status: SyncStatus
  workOffline: boolean
  onToggleOffline: () => void
  /** Left side: word counts or what is being read. */
  children?: React.ReactNode
}

function describe(status: SyncStatus): string {
  if (status.state === 'offline') return 'Offline'
  if (status.state === 'connecting') return 'Connecting…'
  const n = status.peers.length
  return `${n} ${n === 1 ? 'peer' : 'peers'} connected`
}

/** Sync state, who is here, the Work offline switch, and word counts. */
export function StatusBar({ status, workOffline, onToggleOffline, children }: StatusBarProps) {
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
      <span role="status" className={`sync-state sync-${status.state === 'online' && status.peers.length === 0 ? 'idle' : status.state}`}>
        {describe(status)}
      </span>
      <button type="button" className="offline-toggle" aria-pressed={workOffline} onClick={onToggleOffline}>
        Work offline
      </button>
    </footer>
  )
}
