import type { Request, Response } from "express";
import { ifNoneMatchHits } from "./etag";

/**
 * Answers depend on who asks, so shared caches must not keep them; a
 * private cache may, but revalidates each time, which a matching ETag makes
 * cheap (304, no body).
 */
const CACHE_CONTROL = "private, no-cache";

/**
 * Labels a GET answer with its ETag and caching policy, and answers 304
 * without a body when `If-None-Match` names it. Returns whether it answered.
 */
export function answeredNotModified(req: Request, res: Response, etag: string): boolean {
  res.setHeader("ETag", etag);
  if (!res.hasHeader("Cache-Control")) res.setHeader("Cache-Control", CACHE_CONTROL);
  if (!ifNoneMatchHits(req.get("if-none-match"), etag)) return false;
  res.status(304).end();
  return true;
}
