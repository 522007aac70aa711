import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";

const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Adopts the client's `X-Request-ID` when it is a sane token, otherwise mints a UUID. */
export const requestId: RequestHandler = (req, res, next) => {
  const offered = req.get("x-request-id");
  req.requestId = offered && SANE_ID.test(offered) ? offered : randomUUID();
  res.setHeader("X-Request-ID", req.requestId);
  next();
};
