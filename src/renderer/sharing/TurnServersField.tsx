import type { TurnServer } from '../../shared/network'

interface TurnServersFieldProps {
  servers: TurnServer[]
  onChange: (servers: TurnServer[]) => void
}

const EMPTY: TurnServer = { url: '', auth: { kind: 'password', username: '', credential: '' } }

/** An editable list of TURN servers: address, and a user name and password or a shared secret. */
export function TurnServersField({ servers, onChange }: TurnServersFieldProps) {
  const update = (index: number, server: TurnServer) => onChange(servers.map((s, i) => (i === index ? server : s)))
  return (
    <fieldset className="turn-servers">
      <legend>TURN servers</legend>
      {servers.length === 0 && <p className="hint">None. Add one when a reviewer is behind a strict router (see the Connection view).</p>}
      {servers.map((server, index) => {
        const n = index + 1
        const { auth } = server
        return (
          <div className="turn-server" key={index} role="group" aria-label={`TURN server ${n}`}>
            <label className="field">
              <span>Address</span>
              <input
                value={server.url}
                spellCheck={false}
                placeholder="turn:turn.example.org:3478"
                onChange={(e) => update(index, { ...server, url: e.target.value.trim() })}
              />
            </label>
            <label className="field">
              <span>Sign-in</span>
              <select
                value={auth.kind}
                onChange={(e) =>
                  update(index, {
                    ...server,
                    auth: e.target.value === 'secret' ? { kind: 'secret', secret: '', name: 'quire' } : { kind: 'password', username: '', credential: '' },
                  })
                }
              >
                <option value="password">User name and password</option>
                <option value="secret">Shared secret (time-limited credentials)</option>
              </select>
            </label>
            {auth.kind === 'password' ? (
              <>
                <label className="field">
                  <span>User name</span>
                  <input value={auth.username} onChange={(e) => update(index, { ...server, auth: { ...auth, username: e.target.value } })} />
                </label>
                <label className="field">
                  <span>Password</span>
                  <input type="password" value={auth.credential} onChange={(e) => update(index, { ...server, auth: { ...auth, credential: e.target.value } })} />
                </label>
              </>
            ) : (
              <>
                <label className="field">
                  <span>Shared secret</span>
                  <input type="password" value={auth.secret} onChange={(e) => update(index, { ...server, auth: { ...auth, secret: e.target.value } })} />
                </label>
                <label className="field">
                  <span>Name in credentials</span>
                  <input value={auth.name} onChange={(e) => update(index, { ...server, auth: { ...auth, name: e.target.value } })} />
                </label>
              </>
            )}
            <button type="button" className="quiet-danger" onClick={() => onChange(servers.filter((_, i) => i !== index))}>
              Remove TURN server {n}
            </button>
          </div>
        )
      })}
      <button type="button" onClick={() => onChange([...servers, structuredClone(EMPTY)])}>
        Add TURN server
      </button>
    </fieldset>
  )
}
