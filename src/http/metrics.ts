import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DatabaseHandle } from "../db/client";

export interface MetricsSources {
  database: DatabaseHandle;
  /** The subscription socket server; read at each scrape. */
  sockets: { readonly size: number };
}

type HttpLabel = "method" | "route" | "status";

/** Everything this instance reports on `GET /metrics`, in a registry of its own. */
export interface Metrics {
  registry: Registry;
  /** Labelled by route template (`/api/v1/issues/:id`, `unmatched`), never by raw path. */
  httpRequests: Counter<HttpLabel>;
  httpRequestDuration: Histogram<HttpLabel>;
  /** HTTP GraphQL operations by bounded operation name and `success` | `error`. */
  graphqlOperations: Counter<"operation" | "outcome">;
  /**
   * For the rate limiter: increment with `{ limit }` naming the tier or
   * endpoint whose limit refused the request (a small fixed set, never a
   * user or an IP).
   */
  rateLimitRejections: Counter<"limit">;
}

/**
 * Builds a registry per app rather than using prom-client's global one:
 * tests run several apps in one process, and each must report only itself.
 */
export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: "websocket_connections_open",
    help: "Authenticated subscription sockets open on this instance.",
    registers,
    collect() {
      this.set(sources.sockets.size);
    },
  });

  // postgres.js exposes no pool state and drizzle's logger sees a statement when it is sent, not when it
  // completes, so busy connections and statements in flight cannot be measured without wrapping the driver.
  let statementsReported = 0;
  new Counter({
    name: "db_statements_total",
    help: "SQL statements sent to the database.",
    registers,
    collect() {
      const statements = sources.database.statementCount();
      this.inc(statements - statementsReported);
      statementsReported = statements;
    },
  });
  new Gauge({
    name: "db_pool_max_connections",
    help: "Connections the database driver may open for queries (PGlite: its single in-process connection).",
    labelNames: ["driver"],
    registers,
  }).set({ driver: sources.database.kind }, sources.database.maxConnections);

  const httpLabels: HttpLabel[] = ["method", "route", "status"];
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests answered, by route template, method and status.",
      labelNames: httpLabels,
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time from receiving an HTTP request to finishing its response.",
      labelNames: httpLabels,
      registers,
    }),
    graphqlOperations: new Counter({
      name: "graphql_operations_total",
      help: "GraphQL operations over HTTP, by operation name (`anonymous`, `other` beyond the cap) and outcome.",
      labelNames: ["operation", "outcome"],
      registers,
    }),
    rateLimitRejections: new Counter({
      name: "rate_limit_rejections_total",
      help: "Requests refused by a rate limit, by limit.",
      labelNames: ["limit"],
      registers,
    }),
  };
}
