/**
 * `Bearer` and an RFC 6750 token (b64token characters), up to 4096
 * characters: longer than any token we issue, short enough that a huge
 * header is refused before any work.
 */
const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/i;

/** The token of an `Authorization: Bearer <token>` value; undefined when there is none or it is malformed. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : BEARER.exec(authorization.trim())?.[1];
}
