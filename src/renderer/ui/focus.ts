/**
 * Where keyboard focus goes when what held it goes away. Browsers drop focus
 * to <body> when the focused element is removed (a closed dialog, a posted
 * reply box, a trashed book's buttons), and a keyboard user then has to start
 * again from the top of the window.
 */

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), textarea:not([disabled]), select, [tabindex]:not([tabindex="-1"])'

/** True when `element` is still on screen and can take focus. */
function canFocus(element: Element | null): element is HTMLElement {
  if (!(element instanceof HTMLElement) || !element.isConnected) return false
  if ((element as HTMLButtonElement).disabled) return false
  return element.getClientRects().length > 0 && !element.closest('[inert]')
}

/**
 * The place to land when nothing better is known: the first control of an
 * open dialog, else the open view's main heading (made focusable for this),
 * else the workspace itself.
 */
export function focusFallback(): void {
  const dialog = document.querySelector('dialog[open]')
  if (dialog) {
    dialog.querySelector<HTMLElement>(FOCUSABLE)?.focus()
    return
  }
  const target = document.querySelector<HTMLElement>('main h1, main h2') ?? document.querySelector<HTMLElement>('main')
  if (!target) return
  if (!target.hasAttribute('tabindex') && !target.matches(FOCUSABLE)) target.tabIndex = -1
  target.focus()
}

/** Focuses `target` if it is still there, else falls back (see {@link focusFallback}). */
export function restoreFocus(target: Element | null): void {
  if (canFocus(target)) target.focus()
  else focusFallback()
}

/**
 * Watches `root`: when the focused element is removed and focus falls to the
 * page body, moves it to the fallback. Returns a disposer.
 */
export function keepFocus(root: HTMLElement): () => void {
  let last: Element | null = null
  const onFocusIn = (event: FocusEvent) => {
    last = event.target as Element
  }
  const observer = new MutationObserver(() => {
    const active = document.activeElement
    if ((active === null || active === document.body) && last && !last.isConnected) {
      last = null
      focusFallback()
    }
  })
  document.addEventListener('focusin', onFocusIn)
  observer.observe(root, { childList: true, subtree: true })
  return () => {
    document.removeEventListener('focusin', onFocusIn)
    observer.disconnect()
  }
}
