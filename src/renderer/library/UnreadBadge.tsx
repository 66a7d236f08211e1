/** How many comments by others are new since the user last looked; nothing when none are. */
export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null
  return (
    <span className="count-badge unread-badge">
      {count}
      <span className="visually-hidden">{count === 1 ? ' new comment' : ' new comments'}</span>
    </span>
  )
}
