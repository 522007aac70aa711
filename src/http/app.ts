import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express, type Request } from "express";
import type { GraphQLSchema } from "graphql";
import helmet from "helmet";
import { apiDocsRoutes } from "./api-docs";
import { graphiqlRoutes } from "./graphiql";
import { boardRoutes } from "./board";
import type { SigningKeys } from "../auth/signing-keys";
import type { Config } from "../config";
import type { DatabaseHandle } from "../db/client";
import { DomainError } from "../errors/domain-error";
import type { Execute } from "../graphql/execution/compiled-execution";
import { createContext, type GraphQLContext, type GraphQLDeps } from "../graphql/context";
import type { RestRoute } from "../rest-bridge/route";
import { createRestRouter } from "../rest-bridge/router";
import { apiVersion } from "./api-version";
import { authenticateRequests } from "./authenticate";
import { compressResponses } from "../platform/compression";
import { corsPolicy } from "./cors";
import { errorHandler, GRAPHQL_PATH } from "./error-response";
import { healthRoutes } from "./health";
import { idempotentPosts } from "./idempotency";
import { jwksRoute } from "./jwks";
import type { Metrics } from "./metrics";
import { metricsRoute } from "./metrics-route";
import { requestId } from "./request-id";
import { rateLimitRequests } from "./rate-limit/middleware";
import type { RateLimits } from "./rate-limit/rate-limits";
import { requestLog } from "./request-log";
import { requestMetrics } from "./request-metrics";

export interface AppParts {
  config: Config;
  /** The REST route table; the documented one unless a test brings its own. */
  routes: readonly RestRoute[];
  deps: GraphQLDeps;
  database: DatabaseHandle;
  keys: SigningKeys;
  schema: GraphQLSchema;
  execute: Execute;
  apollo: ApolloServer<GraphQLContext>;
  /** Null when rate limiting is switched off. */
  rateLimits: RateLimits | null;
  metrics: Metrics;
}

const JSON_TYPES = ["application/json", "application/*+json"];

/**
 * Smaller bodies go out as they are: below about a kilobyte the encoding
 * headers and compressor setup cost more than the bytes saved.
 */
const COMPRESSION_THRESHOLD_BYTES = 1024;

/** Assembles the middleware chain; the Apollo server must already be started. */
export function createApp(parts: AppParts): Express {
  const { config, deps } = parts;
  const production = config.NODE_ENV === "production";
  const contextFor = (req: Request): GraphQLContext =>
    createContext(deps, { actor: req.actor, authFailure: req.authFailure, requestId: req.requestId, clientIp: req.ip ?? "unknown" });

  const app = express();
  app.disable("x-powered-by");
  // Express would tag every body it sends with a hash of its bytes. REST bodies carry a timestamp and
  // request id, so such tags never repeat, and on writes and errors they name nothing a client could
  // revalidate or send back in If-Match. The REST bridge tags its GETs itself (rest-bridge/etag.ts).
  app.set("etag", false);
  app.set("query parser", "simple");
  if (config.TRUST_PROXY) app.set("trust proxy", config.TRUST_PROXY);
  app.use(requestId);
  app.use(requestLog(deps.log));
  app.use(requestMetrics(parts.metrics));
  compressResponses(app, COMPRESSION_THRESHOLD_BYTES);
  app.use(apiVersion);
  app.use(helmet({ contentSecurityPolicy: production ? undefined : false }));
  app.use(corsPolicy(config.CORS_ORIGINS, production));
  app.use(healthRoutes(parts.database));
  app.use(jwksRoute(parts.keys));
  app.use(metricsRoute(parts.metrics.registry, config.METRICS_TOKEN));
  if (config.API_DOCS ?? !production) app.use(apiDocsRoutes(), graphiqlRoutes());
  const board = boardRoutes();
  if (board) app.use(board);

  app.use("/api", express.json({ limit: config.BODY_LIMIT_BYTES, type: JSON_TYPES }));
  app.use("/api", authenticateRequests(deps.db, deps.tokens));
  if (parts.rateLimits) app.use("/api", rateLimitRequests(parts.rateLimits));
  app.use("/api", idempotentPosts(deps.db, deps.log));

  app.use(
    GRAPHQL_PATH,
    (req, _res, next) => {
      // Express 5 leaves req.body undefined for GET; the Apollo integration wants an object.
      req.body ??= {};
      next();
    },
    expressMiddleware(parts.apollo, { context: async ({ req }) => contextFor(req) }),
  );

  const api = express.Router();
  api.use((req, _res, next) => {
    const hasBody = Number(req.get("content-length") ?? 0) > 0 || req.get("transfer-encoding") !== undefined;
    if (hasBody && req.body === undefined) {
      throw new DomainError("UNSUPPORTED_MEDIA_TYPE", "Request body must be application/json");
    }
    next();
  });
  api.use(createRestRouter({ schema: parts.schema, execute: parts.execute, routes: parts.routes, contextFor }));
  app.use("/api/v1", api);
  app.use((_req, _res) => {
    throw new DomainError("RESOURCE_NOT_FOUND", "Route not found");
  });
  app.use(errorHandler(deps.log));
  return app;
}
