import type { ErrorRequestHandler, Request, Response } from "express";
import type { Logger } from "pino";
import { DomainError } from "../errors/domain-error";
import { statusOf } from "../errors/error-codes";
import { snakePath } from "../rest-bridge/case";
import { errorEnvelope } from "../rest-bridge/envelope";

export const GRAPHQL_PATH = "/api/v1/graphql";

const internal = () => new DomainError("INTERNAL_SERVER_ERROR", "Internal server error occurred");

/** Body-parser and other middleware failures that are the client's doing. */
function clientError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.too.large") return new DomainError("PAYLOAD_TOO_LARGE", "Request body is too large");
  if (type === "entity.parse.failed") {
    return new DomainError("VALIDATION_ERROR", "Request body is not valid JSON", [
      { field: "body", code: "INVALID_FORMAT", message: "Request body is not valid JSON" },
    ]);
  }
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new DomainError("UNSUPPORTED_MEDIA_TYPE", "Unsupported content encoding or charset");
  }
  // Express flags its own client-side failures (such as an undecodable %-escape in the path) with a 4xx status.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new DomainError("VALIDATION_ERROR", "Malformed request", [
      { field: "request", code: "INVALID_FORMAT", message: "The request line or headers could not be parsed" },
    ]);
  }
  return null;
}

/** Field names in REST spelling: `firstName` → `first_name`. */
function restDetails(details: DomainError["details"]): unknown {
  if (Array.isArray(details)) return details.map((detail) => (typeof detail.field === "string" ? { ...detail, field: snakePath(detail.field) } : detail));
  if (details && typeof details.field === "string") return { ...details, field: snakePath(details.field) };
  return details;
}

/** Answers in the format of the door the request came through. */
export function sendError(req: Request, res: Response, error: DomainError): void {
  const status = statusOf(error.code);
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  if (req.path === GRAPHQL_PATH) {
    res.status(status).json({
      errors: [{ message: error.message, extensions: { code: error.code, ...(error.details ? { details: error.details } : {}) } }],
    });
    return;
  }
  res.status(status).json(errorEnvelope(req.requestId, error.code, error.message, restDetails(error.details)));
}

/** Last handler: maps known errors to their status, logs and masks everything else. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let known = clientError(error);
    if (!known) {
      log.error({ err: error, request_id: req.requestId }, "unhandled error");
      known = internal();
    }
    if (res.headersSent) return void res.end();
    sendError(req, res, known);
  };
}
