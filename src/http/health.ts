import { monitorEventLoopDelay } from "node:perf_hooks";
import { Router } from "express";
import { recordRouteTemplate } from "../rest-bridge/route-template";
import type { DatabaseHandle } from "../db/client";
import { queueStats, type QueueStats } from "../jobs";

const NS_PER_MS = 1e6;

/**
 * Liveness (`/health`) and readiness with a database round trip
 * (`/health/detailed`). The detailed check also reports event-loop delay
 * since the previous detailed check (a saturated loop delays every request
 * and every subscription delivery) and the job queue's depth.
 */
export function healthRoutes(database: DatabaseHandle): Router {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const router = Router();
  router.get("/health", (req, res) => {
    recordRouteTemplate(req, res, "/health");
    res.json({ status: "ok", timestamp: new Date().toISOString() });
  });
  router.get("/health/detailed", async (req, res) => {
    recordRouteTemplate(req, res, "/health/detailed");
    const started = process.hrtime.bigint();
    let databaseStatus: "ok" | "unavailable" = "ok";
    let jobs: QueueStats | null = null;
    try {
      await database.ping();
      jobs = await queueStats(database.db);
    } catch {
      databaseStatus = "unavailable";
    }
    const latencyMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    const healthy = databaseStatus === "ok";
    res.status(healthy ? 200 : 503).json({
      status: healthy ? "ok" : "degraded",
      timestamp: new Date().toISOString(),
      checks: { database: { status: databaseStatus, driver: database.kind, latency_ms: latencyMs } },
      // The queue is shared: the oldest due job's age says whether workers (anywhere) keep up.
      jobs: jobs && { queued: jobs.queued, running: jobs.running, failed: jobs.failed, oldest_waiting_seconds: jobs.oldestWaitingSeconds },
      event_loop: {
        delay_p50_ms: loop.percentile(50) / NS_PER_MS,
        delay_p99_ms: loop.percentile(99) / NS_PER_MS,
        delay_max_ms: loop.max / NS_PER_MS,
      },
    });
    loop.reset();
  });
  return router;
}
