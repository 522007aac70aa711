import type { Server } from "node:http";
import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema, type ParseOptions, type ValidationRule } from "graphql";
import { CloseCode } from "graphql-ws";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import type { Actor } from "../auth/actor";
import { authenticate } from "../auth/authenticate";
import { bearerToken } from "../auth/bearer";
import { DomainError } from "../errors/domain-error";
import type { EventBus } from "../events/bus";
import { createContext, type GraphQLContext, type GraphQLDeps } from "../graphql/context";
import { DocumentCache } from "../graphql/execution/document-cache";
import { GRAPHQL_PATH } from "./error-response";
import { formatGraphQLError } from "../graphql/format-error";
import { withoutSuggestions } from "../graphql/limits";
import { serveGraphQLWs, type TransportExtra } from "../platform/graphql-ws-transport";
import { sharedSubscribe } from "../graphql/live/shared-subscribe";
import type { Execute } from "../graphql/execution/compiled-execution";

/**
 * The close code graphql-ws lacks: the user already has
 * WS_MAX_CONNECTIONS_PER_USER sockets open. Otherwise graphql-ws's own
 * `CloseCode`: `Unauthorized` (4401) for no token, a token that does not
 * verify, an expired token or a session that ended (reconnect with a fresh
 * token); `Forbidden` (4403) for a deactivated user.
 */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 4008;

export interface WebSocketOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  /** The executor every door shares; a subscription's events run through it. */
  execute: Execute;
  /** The same limits as HTTP GraphQL. */
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  deps: GraphQLDeps;
  bus: EventBus;
  log: Logger;
  production: boolean;
  maxConnectionsPerUser: number;
  maxSubscriptionsPerConnection: number;
  keepAliveMs: number;
}

type SocketExtra = TransportExtra & {
  actor?: Actor;
  expiry?: NodeJS.Timeout;
};

/**
 * graphql-ws (`graphql-transport-ws`) on the GraphQL path. The token in
 * `connectionParams.authorization` is verified on `connection_init`; the
 * socket closes when the token expires, when its session is revoked
 * (logout, refresh-token reuse, password reset) or when the user is
 * deactivated, on whichever instance the socket lives.
 */
export function startWebSocketServer(options: WebSocketOptions) {
  const { deps, log } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: GRAPHQL_PATH });
  // ws re-emits the HTTP server's errors (a port in use, say) here, and an
  // unheard 'error' would crash the process with a stack trace; server.ts
  // handles them on the HTTP server itself.
  wss.on("error", () => {});
  const open = new Set<SocketExtra>();

  const close = (extra: SocketExtra, code: number, reason: string) => {
    if (extra.socket.readyState === extra.socket.OPEN) extra.socket.close(code, reason);
  };
  const socketsOf = (userId: string) => [...open].filter((extra) => extra.actor?.userId === userId);

  const stopWatching = options.bus.onEvents((batch) => {
    for (const event of batch) {
      if (event.type === "session.revoked") {
        for (const extra of open) if (extra.actor?.sessionId === event.payload.sessionId) close(extra, CloseCode.Unauthorized, "Session ended");
      } else if (event.types.includes("user.deactivated") && event.subjectUserId) {
        for (const extra of socketsOf(event.subjectUserId)) close(extra, CloseCode.Forbidden, "User deactivated");
      }
    }
  });

  const documents = new DocumentCache();

  const contextFor = (extra: SocketExtra, id: string): GraphQLContext =>
    createContext(deps, { actor: extra.actor ?? null, authFailure: null, requestId: `ws-${id}`, clientIp: extra.request.socket.remoteAddress ?? "unknown" });

  const server = serveGraphQLWs<Record<string, unknown> | undefined, { actor: Actor; expiry: NodeJS.Timeout }>(
    {
      schema: options.schema,
      execute: (args) => options.execute(args),
      subscribe: sharedSubscribe(options.execute),
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization;
        const token = typeof header === "string" ? bearerToken(header) : undefined;
        if (!token) {
          close(ctx.extra, CloseCode.Unauthorized, "Missing or malformed authorization");
          return false;
        }
        let actor: Actor;
        try {
          actor = await authenticate(deps.db, deps.tokens, token);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          close(ctx.extra, CloseCode.Unauthorized, error.message);
          return false;
        }
        if (socketsOf(actor.userId).length >= options.maxConnectionsPerUser) {
          close(ctx.extra, TOO_MANY_CONNECTIONS_CLOSE_CODE, "Too many connections for this user");
          return false;
        }
        ctx.extra.actor = actor;
        const lifetime = Math.min(actor.tokenExpiresAt.getTime() - Date.now(), 2 ** 31 - 1);
        ctx.extra.expiry = setTimeout(() => close(ctx.extra, CloseCode.Unauthorized, "Token expired"), Math.max(0, lifetime));
        open.add(ctx.extra);
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        if (Object.keys(ctx.subscriptions).length >= options.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(`At most ${options.maxSubscriptionsPerConnection} subscriptions per connection`, {
              extensions: { code: "SUBSCRIPTION_LIMIT_EXCEEDED" },
            }),
          ];
        }
        let document = documents.get(payload.query);
        if (!document) {
          try {
            document = parse(payload.query, options.parseOptions);
          } catch (error) {
            return [new GraphQLError((error as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
          }
          const errors = validate(options.schema, document, [...specifiedRules, ...options.validationRules]);
          if (errors.length) {
            return errors.map(
              (error) =>
                new GraphQLError(options.production ? withoutSuggestions(error.message) : error.message, {
                  nodes: error.nodes,
                  extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
                }),
            );
          }
          documents.set(payload.query, document);
        }
        return {
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: contextFor(ctx.extra, id),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: result.errors.map((error) => formatGraphQLError(error.toJSON(), error.originalError, options.production)) }
          : result,
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) => formatGraphQLError(error.toJSON(), error.originalError, options.production)),
      onClose: (ctx) => {
        clearTimeout(ctx.extra.expiry);
        open.delete(ctx.extra);
      },
    },
    wss,
    options.keepAliveMs,
    log,
  );

  return {
    /** Sockets currently open. */
    get size() {
      return open.size;
    },
    /** Closes every socket with 1001 (going away) and stops accepting new ones. */
    async stop() {
      stopWatching();
      await server.dispose();
    },
  };
}
