import type { Request, RequestHandler } from "express";
import { GRAPHQL_PATH } from "./error-response";
import type { Metrics } from "./metrics";

/** The label of requests no route matched (unknown paths, CORS preflights, failures before routing). */
const UNMATCHED_ROUTE = "unmatched";

const NS_PER_SECOND = 1e9;

/**
 * Follows `req.route` as the routers set it, keeping the mount prefix of
 * that moment. Express restores `req.baseUrl` as a request leaves each
 * router but keeps `req.route`, so once a handler's error has travelled up
 * to the app's error handler, `baseUrl + route.path` at `finish` would read
 * `/issues/:id` instead of `/api/v1/issues/:id`.
 */
function trackRouteTemplate(req: Request): () => string | undefined {
  let route: Request["route"];
  let template: string | undefined;
  Object.defineProperty(req, "route", {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: Request["route"]) => {
      route = value;
      template = typeof value?.path === "string" ? req.baseUrl + value.path : undefined;
    },
  });
  return () => template;
}

/**
 * Counts and times every request by route template, method and status, so
 * the label set stays as small as the route table whatever ids clients send.
 */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const template = trackRouteTemplate(req);
    res.on("finish", () => {
      // Apollo is mounted with `app.use` (it answers every method there), so no Express route ever matches it.
      const graphql = req.originalUrl.split("?")[0] === GRAPHQL_PATH;
      const labels = {
        method: req.method,
        route: template() ?? (graphql ? GRAPHQL_PATH : UNMATCHED_ROUTE),
        status: String(res.statusCode),
      };
      metrics.httpRequests.inc(labels);
      metrics.httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / NS_PER_SECOND);
    });
    next();
  };
}
