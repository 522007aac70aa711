import type { RequestHandler } from "express";
import type { AccessTokenSettings } from "../auth/access-token";
import { authenticate } from "../auth/authenticate";
import { bearerToken } from "../auth/bearer";
import type { Database } from "../db/client";
import { DomainError } from "../errors/domain-error";

/**
 * Resolves `Authorization: Bearer` into `req.actor`. A token that does not
 * verify leaves the caller anonymous and is remembered in `req.authFailure`:
 * operations that need a user answer with it (401 TOKEN_EXPIRED, ...), while
 * public ones (login, refresh) still work for clients that send a stale
 * token on every call.
 */
export function authenticateRequests(db: Database, tokens: AccessTokenSettings): RequestHandler {
  return async (req, _res, next) => {
    req.actor = null;
    req.authFailure = null;
    const header = req.get("authorization");
    if (header === undefined) return next();
    const token = bearerToken(header);
    try {
      if (token === undefined) throw new DomainError("TOKEN_INVALID", "Authorization header must be 'Bearer <token>'");
      req.actor = await authenticate(db, tokens, token);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      req.authFailure = error;
    }
    next();
  };
}
