import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DatabaseHandle } from "../db/client";
import type { QueueStats } from "../jobs";

export interface MetricsSources {
  database: DatabaseHandle;
  /** The subscription socket server; read at each scrape. */
  sockets: { readonly size: number };
  /** The job queue's depth, read at each scrape (the queue is shared: every instance reports the same). */
  jobs: () => Promise<QueueStats>;
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
  /** Job attempts this process ran, by job name and `succeeded` | `retrying` | `failed` (parked). */
  jobAttempts: Histogram<"job" | "outcome">;
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

  new Gauge({
    name: "jobs",
    help: "Jobs in the queue by state: queued (waiting or due), running, failed (parked after their last attempt).",
    labelNames: ["state"],
    registers,
    async collect() {
      const stats = await sources.jobs();
      for (const state of ["queued", "running", "failed"] as const) this.set({ state }, stats[state]);
    },
  });
  new Gauge({
    name: "jobs_oldest_waiting_seconds",
    help: "How long the oldest due job has waited to be claimed; 0 when none waits.",
    registers,
    async collect() {
      this.set((await sources.jobs()).oldestWaitingSeconds ?? 0);
    },
  });

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
    jobAttempts: new Histogram({
      name: "job_attempt_duration_seconds",
      help: "Job attempts run by this process, by job name and outcome (succeeded, retrying, failed).",
      labelNames: ["job", "outcome"],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60],
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
