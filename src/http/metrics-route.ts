import { createHash, timingSafeEqual } from "node:crypto";
import { Router } from "express";
import { recordRouteTemplate } from "../rest-bridge/route-template";
import type { Registry } from "prom-client";
import { bearerToken } from "../auth/bearer";
import { DomainError } from "../errors/domain-error";

/** Hashing first gives timingSafeEqual equal-length inputs, so the comparison leaks neither content nor length. */
const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * `GET /metrics` in the Prometheus text format. With `token` set, scrapers
 * must send `Authorization: Bearer <token>`; without it the endpoint is
 * open, which suits a private network only.
 */
export function metricsRoute(registry: Registry, token: string | undefined): Router {
  const expected = token === undefined ? undefined : digest(token);
  const router = Router();
  router.get("/metrics", async (req, res) => {
    recordRouteTemplate(req, res, "/metrics");
    if (expected) {
      const presented = bearerToken(req.get("authorization"));
      if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
        throw new DomainError("UNAUTHORIZED", "A valid metrics token is required");
      }
    }
    res.setHeader("Content-Type", registry.contentType);
    res.send(await registry.metrics());
  });
  return router;
}
