/** Links the app may hand to the operating system: web pages and e-mail, nothing that runs code. */
export function isSafeExternalUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.protocol === 'mailto:') return true
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0 && !url.username && !url.password
}

/** True when `url` is the page `expected` (same scheme, host and path; query and fragment ignored). */
export function isSameDocument(url: string | undefined, expected: string): boolean {
  if (!url) return false
  try {
    const actual = new URL(url)
    const wanted = new URL(expected)
    return actual.protocol === wanted.protocol && actual.host === wanted.host && actual.pathname === wanted.pathname
  } catch {
    return false
  }
}
