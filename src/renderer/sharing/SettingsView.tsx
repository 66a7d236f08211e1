import { useState, type FormEvent } from 'react'
import { DEFAULT_SIGNALING_URLS, type Settings } from '../../shared/sharing'

interface SettingsViewProps {
  settings: Settings
  /** Resolves to an error message, or null when saved. */
  onSave: (patch: Partial<Pick<Settings, 'signalingUrls' | 'iceServers' | 'shareReadingProgress'>>) => Promise<string | null>
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

/** Where peers meet: signaling servers (they see only opaque room names) and optional STUN/TURN servers. */
export function SettingsView({ settings, onSave }: SettingsViewProps) {
  const [signaling, setSignaling] = useState(settings.signalingUrls.join('\n'))
  const [ice, setIce] = useState(settings.iceServers.join('\n'))
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const signalingUrls = lines(signaling)
    const bad = signalingUrls.find((url) => !/^wss?:\/\/\S+$/.test(url))
    if (bad) return setMessage({ tone: 'error', text: `“${bad}” is not a ws:// or wss:// address.` })
    const error = await onSave({ signalingUrls, iceServers: lines(ice) })
    setMessage(error ? { tone: 'error', text: error } : { tone: 'info', text: 'Saved. New connections use these servers.' })
  }
  const [progressMessage, setProgressMessage] = useState<string | null>(null)
  const shareProgress = settings.shareReadingProgress !== false
  return (
    <section className="settings" aria-label="Settings">
      <h1>Settings</h1>
      <h2 className="settings-heading">Reviewing</h2>
      <label className="check-field">
        <input
          type="checkbox"
          checked={shareProgress}
          onChange={async (event) => {
            const on = event.target.checked
            const error = await onSave({ shareReadingProgress: on })
            setProgressMessage(error ?? (on ? 'Authors now see how far you read their chapters.' : 'Your reading progress is now yours alone.'))
          }}
        />
        Share my reading progress
      </label>
      <p className="hint">
        Quire remembers where you stopped in each chapter you review. With this on, the chapter’s author sees how far you read and
        where you stopped, and no one else does. Turned off, it is sealed so that only you can read it.
      </p>
      {progressMessage && (
        <p role="status" className="hint">
          {progressMessage}
        </p>
      )}
      <h2 className="settings-heading">Connections</h2>
      <form onSubmit={submit}>
        <label className="field">
          <span>Signaling servers</span>
          <textarea value={signaling} rows={3} spellCheck={false} onChange={(e) => setSignaling(e.target.value)} />
        </label>
        <p className="hint">
          One ws:// or wss:// address per line. Peers find each other through these; the servers see only opaque room names,
          never your text. Invites you create carry them to your reviewers. Default: {DEFAULT_SIGNALING_URLS.join(', ')} (start
          it with <code>npm run signal</code>).
        </p>
        <label className="field">
          <span>STUN and TURN servers</span>
          <textarea value={ice} rows={2} spellCheck={false} placeholder="stun:stun.example.org:3478" onChange={(e) => setIce(e.target.value)} />
        </label>
        <p className="hint">Needed only when peers are on different networks behind NAT. Quire contacts none unless you list one.</p>
        <div className="inline-actions">
          <button type="submit" className="primary">
            Save settings
          </button>
          {message && (
            <span role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'field-error' : 'hint'}>
              {message.text}
            </span>
          )}
        </div>
      </form>
    </section>
  )
}
