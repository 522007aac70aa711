import type { RequestHandler } from "express";
import type { Logger } from "pino";

/**
 * One line per request in the seed 000 §18 format. The path is logged
 * without its query string, which may carry tokens.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      log.info(
        {
          request_id: req.requestId,
          method: req.method,
          path: req.originalUrl.split("?")[0],
          status: res.statusCode,
          duration_ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          user_id: req.actor?.userId ?? null,
          ip: req.ip,
        },
        "request",
      );
    });
    next();
  };
}
