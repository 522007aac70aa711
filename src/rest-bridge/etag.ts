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

/** The entity tags of an `If-None-Match` or `If-Match` list, as sent (`W/` prefixes kept). */
export function entityTags(header: string): string[] {
  return header.match(ENTITY_TAG) ?? [];
}

/** A tag without its weakness marker, for weak comparison. */
export const opaque = (tag: string) => (tag.startsWith("W/") ? tag.slice(2) : tag);

/**
 * RFC 9110 §13.1.2: whether `If-None-Match` names the current representation,
 * by weak comparison (a `W/` on either side is ignored). `*` matches any
 * current representation; callers only ask once they have one.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  return entityTags(header).some((tag) => opaque(tag) === opaque(etag));
}
