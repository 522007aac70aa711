import { Router } from "express";
import type { DatabaseHandle } from "../db/client";

/** Liveness (`/health`) and readiness with a database round trip (`/health/detailed`). */
export function healthRoutes(database: DatabaseHandle): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok", timestamp: new Date().toISOString() });
  });
  router.get("/health/detailed", async (_req, res) => {
    const started = process.hrtime.bigint();
    let databaseStatus: "ok" | "unavailable" = "ok";
    try {
      await database.ping();
    } catch {
      databaseStatus = "unavailable";
    }
    const latencyMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    const healthy = databaseStatus === "ok";
    res.status(healthy ? 200 : 503).json({
      status: healthy ? "ok" : "degraded",
      timestamp: new Date().toISOString(),
      checks: { database: { status: databaseStatus, driver: database.kind, latency_ms: latencyMs } },
    });
  });
  return router;
}
