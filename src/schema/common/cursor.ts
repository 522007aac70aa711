const PREFIX = "o:";

/**
 * Cursors are opaque to clients; inside they hold the position of the item
 * in the list's stable order. The REST bridge uses the same codec to turn
 * `page`/`per_page` into `after`.
 */
export function encodeCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`).toString("base64url");
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  if (cursor.length > 64) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(PREFIX)) return null;
  const position = Number(text.slice(PREFIX.length));
  return Number.isSafeInteger(position) && position >= 0 ? position : null;
}
