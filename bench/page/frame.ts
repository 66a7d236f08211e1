/**
 * The app's layout around a chapter, so the editor is laid out and painted
 * as in Quire's window (a scrolling page beside the sidebar and the comments
 * column), not as one endless column.
 */

/** The window's frame: the workspace to render a ChapterView into. */
export function appFrame(): { workspace: HTMLElement; remove: () => void } {
  const app = document.createElement('div')
  app.className = 'app'
  const sidebar = document.createElement('aside')
  sidebar.className = 'sidebar'
  const workspace = document.createElement('main')
  workspace.className = 'workspace'
  app.append(sidebar, workspace)
  document.getElementById('root')!.append(app)
  return { workspace, remove: () => app.remove() }
}

/** The frame plus the chapter's static markup, for an editor mounted without React. */
export function chapterFrame(): { mount: HTMLElement; remove: () => void } {
  const frame = appFrame()
  frame.workspace.innerHTML =
    '<div class="chapter-layout with-comments"><article class="chapter"><div class="page"><div class="manuscript-mount"></div></div></article><aside class="comments"></aside></div>'
  return { mount: frame.workspace.querySelector<HTMLElement>('.manuscript-mount')!, remove: frame.remove }
}
