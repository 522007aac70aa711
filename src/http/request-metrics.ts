import type { RequestHandler } from "express";
import { GRAPHQL_PATH } from "./error-response";
import type { Metrics } from "./metrics";
import { routeTemplateOf } from "../rest-bridge/route-template";

/** The label of requests no route matched (unknown paths, CORS preflights, failures before routing). */
const UNMATCHED_ROUTE = "unmatched";

const NS_PER_SECOND = 1e9;

/**
 * Counts and times every request by route template, method and status, so
 * the label set stays as small as the route table whatever ids clients send.
 */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      // Apollo is mounted with `app.use` (it answers every method there), so no Express route ever matches it.
      const graphql = req.originalUrl.split("?")[0] === GRAPHQL_PATH;
      const labels = {
        method: req.method,
        route: routeTemplateOf(res) ?? (graphql ? GRAPHQL_PATH : UNMATCHED_ROUTE),
        status: String(res.statusCode),
      };
      metrics.httpRequests.inc(labels);
      metrics.httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / NS_PER_SECOND);
    });
    next();
  };
}
