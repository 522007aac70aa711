import type { RequestHandler, Response } from "express";
import type { Logger } from "pino";
import type { Database } from "../db/client";
import { checkKey, claimKey, completeKey, fingerprintOf, releaseKey, type KeyRef } from "../services/idempotency";
import { GRAPHQL_PATH } from "./error-response";
import { routePath } from "./route-path";

/**
 * Routes whose responses carry credentials or secrets (a webhook's signing
 * secret), which are never stored: a key there is ignored (the route runs as
 * without one).
 */
const CREDENTIAL_ROUTES = new Set(["/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/webhooks"]);
const SECRET_ROUTE = /^\/api\/v1\/webhooks\/[^/]+\/rotate-secret$/;

/**
 * `Idempotency-Key` on REST POSTs. The first request with a key runs and
 * its response (status and body, errors included, except 5xx) is stored
 * before it is sent; a retry with the same key and body gets that response
 * again with `Idempotent-Replayed: true`. See `claimKey` for the 409 and 422
 * cases. GraphQL has `idempotencyKey` inputs instead.
 */
export function idempotentPosts(db: Database, log: Logger): RequestHandler {
  return async (req, res, next) => {
    const key = req.get("idempotency-key");
    const path = routePath(req.originalUrl);
    if (req.method !== "POST" || key === undefined || path === GRAPHQL_PATH) return next();
    checkKey(key, "idempotency_key");
    if (CREDENTIAL_ROUTES.has(path) || SECRET_ROUTE.test(path)) return next();

    const ref: KeyRef = { owner: req.actor ? `user:${req.actor.userId}` : `ip:${req.ip ?? "unknown"}`, scope: "rest", key };
    const claim = await claimKey(db, ref, fingerprintOf(req.method, path, req.body ?? null));
    if (claim.kind === "replay") {
      res.setHeader("Idempotent-Replayed", "true");
      const { status, body } = claim.response;
      if (body === null) res.status(status).end();
      else res.status(status).json(body);
      return;
    }
    storeBeforeSending(res, db, ref, log);
    next();
  };
}

/** Stores the response before the client can see it, so a retry after it never runs the request twice. */
function storeBeforeSending(res: Response, db: Database, ref: KeyRef, log: Logger): void {
  const send = res.send.bind(res);
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const settle = (body: unknown, send: () => void) => {
    const stored = res.statusCode >= 500 ? releaseKey(db, ref) : completeKey(db, ref, { status: res.statusCode, body });
    stored.then(send, (error: unknown) => {
      // The response still goes out; the key stays locked for a minute, after which a retry runs again.
      log.error({ err: error, request_id: res.req.requestId }, "storing an idempotent response failed");
      send();
    });
  };
  let settled = false;
  // Bodies arrive here as JSON text: the REST bridge sends its envelope serialised, and json() serialises and calls send().
  res.send = (body?: unknown) => {
    if (settled || typeof body !== "string") return send(body);
    settled = true;
    settle(parseJson(body), () => send(body));
    return res;
  };
  res.end = ((...args: unknown[]) => {
    // Only bodiless answers (204) reach end() directly; send() ends after settling.
    if (res.statusCode === 204 && !res.headersSent) settle(null, () => end(...args));
    else end(...args);
    return res;
  }) as Response["end"];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
