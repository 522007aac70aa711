import type { RequestHandler } from "express";
import type { AccessTokenSettings } from "../auth/access-token";
import { authenticate } from "../auth/authenticate";
import type { Database } from "../db/client";
import { DomainError } from "../errors/domain-error";

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/i;

/**
 * Resolves `Authorization: Bearer` into `req.actor`. No header means an
 * anonymous caller; a header that does not verify is refused with 401 even
 * for public operations, so a client learns at once that its token is bad.
 */
export function authenticateRequests(db: Database, tokens: AccessTokenSettings): RequestHandler {
  return async (req, _res, next) => {
    req.actor = null;
    const header = req.get("authorization");
    if (header === undefined) return next();
    const match = BEARER.exec(header.trim());
    if (!match) throw new DomainError("TOKEN_INVALID", "Authorization header must be 'Bearer <token>'");
    req.actor = await authenticate(db, tokens, match[1]!);
    next();
  };
}
