const POSITION = "o:";
const TAG = /^[a-z_]+:[a-z_,-]+$/;
/** Longer than any cursor of ours: keys hold at most a few short texts (a summary, a name) besides numbers and ids. */
const MAX_CURSOR_LENGTH = 4096;

/**
 * What a cursor names. A key cursor, the only kind connections hand out,
 * names a row by its keys in the list's order (`db/queries/keyset.ts`):
 * the next page starts after those keys wherever the row now is, even if
 * it was deleted. A position cursor names a place in the list; the REST
 * bridge turns `page`/`per_page` into one, since REST pages by position.
 */
export type DecodedCursor = { position: number } | { tag: string; values: unknown[] };

/**
 * A row's cursor: base64url of its list order's tag followed by its keys as
 * a JSON array, `issue:-created_at[1733349992123456, "…id…"]`. Opaque to
 * clients; the server checks it against the list it is used on.
 */
export function encodeKeyCursor(tag: string, key: string): string {
  return Buffer.from(tag + key).toString("base64url");
}

/** The cursor of a position in a list: the REST bridge's page numbers. */
export function encodePositionCursor(position: number): string {
  return Buffer.from(`${POSITION}${position}`).toString("base64url");
}

function keysOf(json: string): unknown[] | null {
  try {
    const values: unknown = JSON.parse(json);
    return Array.isArray(values) && values.every((value) => typeof value === "string" || typeof value === "number") ? values : null;
  } catch {
    return null;
  }
}

/** What a cursor names, or null when it is not one of ours. Key cursors are checked against their list when a page is read. */
export function decodeCursor(cursor: string): DecodedCursor | null {
  if (cursor.length > MAX_CURSOR_LENGTH) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (text.startsWith(POSITION)) {
    const digits = text.slice(POSITION.length);
    return /^\d{1,15}$/.test(digits) ? { position: Number(digits) } : null;
  }
  const start = text.indexOf("[");
  const tag = text.slice(0, start);
  const values = start > 0 && TAG.test(tag) ? keysOf(text.slice(start)) : null;
  return values ? { tag, values } : null;
}
