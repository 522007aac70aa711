import cors from "cors";
import type { Request } from "express";

const LOCALHOST = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** A browser's CORS preflight, as opposed to a client asking which methods a path allows. */
const isPreflight = (req: Request) =>
  req.method === "OPTIONS" && req.get("origin") !== undefined && req.get("access-control-request-method") !== undefined;

/**
 * `CORS_ORIGINS` when set; otherwise any localhost origin outside production
 * and none in production. Preflights are answered here; any other OPTIONS
 * continues to the routes, which answer it with `Allow`.
 */
export function corsPolicy(origins: string | undefined, production: boolean) {
  const allowed = origins
    ?.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  const options: cors.CorsOptions = {
    origin: allowed?.length ? allowed : production ? false : LOCALHOST,
    exposedHeaders: ["X-Request-ID", "API-Version", "API-Supported-Versions", "Deprecation", "Sunset", "Link", "ETag"],
    maxAge: 600,
  };
  return cors<Request>((req, callback) => callback(null, { ...options, preflightContinue: !isPreflight(req) }));
}
