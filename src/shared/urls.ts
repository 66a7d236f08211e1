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
