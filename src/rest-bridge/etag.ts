import { createHash } from "node:crypto";
import type { RestResult } from "./route";

/**
 * The parts of a REST answer that describe the resource, `data` and
 * `pagination`, as JSON: hashed for the ETag and then sent inside the
 * envelope as they are, so a response is serialised once.
 */
export const resourceJson = (result: RestResult): string => JSON.stringify({ data: result.data, pagination: result.pagination });

/**
 * The entity tag of a REST response: a hash of its resource JSON. `meta`
 * (timestamp, request id) is left out because it changes on every request.
 * Weak (`W/`), because the envelope around the hashed parts is not
 * byte-for-byte the same from one response to the next, and compression
 * changes the bytes again.
 */
export function etagOfJson(resource: string): string {
  return `W/"${createHash("sha1").update(resource).digest("base64url")}"`;
}

export const etagOf = (result: RestResult): string => etagOfJson(resourceJson(result));

const ENTITY_TAG = /(?:W\/)?"[^"]*"/g;

/** A tag without its weakness marker, for weak comparison. */
const opaque = (tag: string) => (tag.startsWith("W/") ? tag.slice(2) : tag);

/**
 * Whether an `If-Match` or `If-None-Match` list names `etag`, by weak
 * comparison (RFC 9110 §8.8.3.2: a `W/` on either side is ignored). Both
 * headers compare weakly here: our tags are weak (see `etagOfJson`), and a
 * strong comparison would never let one match. `*` matches any current
 * representation; callers only ask once they have one.
 */
export function listNamesEtag(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const current = opaque(etag);
  return (header.match(ENTITY_TAG) ?? []).some((tag) => opaque(tag) === current);
}

/** RFC 9110 §13.1.2: whether `If-None-Match` names the current representation. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  return header !== undefined && listNamesEtag(header, etag);
}
