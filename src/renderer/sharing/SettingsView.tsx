import { useState, type FormEvent } from 'react'
import {
  iceUrlProblem,
  PUBLIC_BROKERS,
  PUBLIC_STUN_SERVERS,
  rendezvousProblem,
  turnServerProblem,
  type NetworkSettings,
  type Rendezvous,
  type TurnServer,
} from '../../shared/network'
import type { Settings } from '../../shared/sharing'
import { TurnServersField } from './TurnServersField'

interface SettingsViewProps {
  settings: Settings
  /** Resolves to an error message, or null when saved. */
  onSave: (patch: Partial<NetworkSettings> & Pick<Partial<Settings>, 'shareReadingProgress'>) => Promise<string | null>
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

const urlsOf = (settings: Settings, kind: Rendezvous['kind']) =>
  settings.rendezvous
    .filter((r) => r.kind === kind)
    .map((r) => r.url)
    .join('\n')

/** Where peers meet, how they get through routers, and privacy mode. */
export function SettingsView({ settings, onSave }: SettingsViewProps) {
  const [brokers, setBrokers] = useState(urlsOf(settings, 'mqtt'))
  const [signaling, setSignaling] = useState(urlsOf(settings, 'signal'))
  const [localNetwork, setLocalNetwork] = useState(settings.localNetwork)
  const [stun, setStun] = useState(settings.stunServers.join('\n'))
  const [turn, setTurn] = useState<TurnServer[]>(settings.turnServers)
  const [privacyMode, setPrivacyMode] = useState(settings.privacyMode)
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const rendezvous: Rendezvous[] = [
      ...lines(signaling).map((url) => ({ kind: 'signal' as const, url })),
      ...lines(brokers).map((url) => ({ kind: 'mqtt' as const, url })),
    ]
    const stunServers = lines(stun)
    const problem =
      rendezvous.map((r) => rendezvousProblem(r.kind, r.url)).find(Boolean) ??
      stunServers.map((url) => iceUrlProblem('stun', url)).find(Boolean) ??
      turn.map(turnServerProblem).find(Boolean)
    if (problem) return setMessage({ tone: 'error', text: problem })
    const error = await onSave({ rendezvous, localNetwork, stunServers, turnServers: turn, privacyMode })
    setMessage(error ? { tone: 'error', text: error } : { tone: 'info', text: 'Saved. Quire now meets peers this way.' })
  }
  const [progressMessage, setProgressMessage] = useState<string | null>(null)
  const shareProgress = settings.shareReadingProgress !== false

  return (
    <section className="settings" aria-label="Settings">
      <h1>Settings</h1>
      <h2>Reviewing</h2>
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
      <form onSubmit={submit}>
        <h2>Where peers meet</h2>
        <p className="hint">
          Quire tries every place below at once; you and a reviewer connect as soon as you both reach any one of them. They only
          introduce you: they see opaque room names and encrypted messages, never your text, comments or names. Invites you create
          carry this list to your reviewers.
        </p>
        <label className="field">
          <span>MQTT brokers</span>
          <textarea value={brokers} rows={3} spellCheck={false} onChange={(e) => setBrokers(e.target.value)} />
        </label>
        <p className="hint">
          One mqtt://, mqtts://, ws:// or wss:// address per line. Default: the public brokers {PUBLIC_BROKERS.map((b) => b.url).join(', ')}.{' '}
          <button type="button" className="link" onClick={() => setBrokers(PUBLIC_BROKERS.map((b) => b.url).join('\n'))}>
            Restore the default brokers
          </button>
        </p>
        <label className="field">
          <span>Quire signaling servers</span>
          <textarea value={signaling} rows={2} spellCheck={false} placeholder="wss://signal.example.org" onChange={(e) => setSignaling(e.target.value)} />
        </label>
        <p className="hint">One ws:// or wss:// address per line: a server you run with <code>npm run signal</code>.</p>
        <label className="choice">
          <input type="checkbox" checked={localNetwork} onChange={(e) => setLocalNetwork(e.target.checked)} />
          Find peers on my local network
        </label>
        <p className="hint">Quire instances on the same network find each other with no server and no internet.</p>

        <h2>Getting through routers</h2>
        <label className="field">
          <span>STUN servers</span>
          <textarea value={stun} rows={2} spellCheck={false} onChange={(e) => setStun(e.target.value)} />
        </label>
        <p className="hint">
          They tell each computer its address as the internet sees it, so two peers behind home routers can connect directly. One
          stun: address per line; leave empty to use none. Default: {PUBLIC_STUN_SERVERS.join(', ')}.
        </p>
        <TurnServersField servers={turn} onChange={setTurn} />
        <p className="hint">
          A TURN server relays the (still encrypted) connection when routers allow no direct one. With a shared secret (coturn’s
          static-auth-secret) Quire makes credentials that expire, and the secret never leaves this computer.
        </p>

        <h2>Privacy</h2>
        <label className="choice">
          <input type="checkbox" checked={privacyMode} onChange={(e) => setPrivacyMode(e.target.checked)} />
          Only my own servers and my local network
        </label>
        <p className="hint">
          Quire then contacts no public service at all: not the public brokers, not the public STUN servers, and not the servers an
          invite names. Only the servers you listed above that are not public, and your local network.
        </p>

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
