import type { Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema, ParseOptions, ValidationRule } from "graphql";
import { reportDeprecations } from "./deprecations";
import { formatGraphQLError, isUnexpected } from "../graphql/format-error";
import { graphqlMetrics } from "./graphql-metrics";
import type { Metrics } from "./metrics";
import type { Execute } from "../graphql/execution/compiled-execution";
import type { GraphQLContext } from "../graphql/context";
import { compiledExecutionGateway } from "../graphql/execution/apollo-gateway";

export interface ApolloOptions {
  schema: GraphQLSchema;
  /** How operations run: the executor every door shares. */
  execute: Execute;
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  httpServer: Server;
  production: boolean;
  shutdownTimeoutMs: number;
  /** Plugins of features that may be switched off (rate limits). */
  plugins: ApolloServerPlugin<GraphQLContext>[];
  metrics: Metrics;
}

const logUnexpectedErrors: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors.filter(isUnexpected)) {
          contextValue.log.error({ err: error.originalError, request_id: contextValue.requestId }, "unexpected GraphQL error");
        }
      },
    };
  },
};

/**
 * What Apollo's default cache-control plugin would answer for this schema,
 * which declares no cache hints (default max-age 0): every response is
 * `no-store`. That plugin works it out with a hook on every resolved field
 * (about 6% of the CPU of a 50-issue board); this sets the header directly.
 */
const noStore: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set("cache-control", "no-store");
      },
    };
  },
};

export function createApollo(options: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    gateway: compiledExecutionGateway(options.schema, options.execute),
    csrfPrevention: true,
    validationRules: options.validationRules,
    parseOptions: options.parseOptions,
    // One operation per request: a batch would multiply every limit.
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT; Apollo's own handler would re-raise the signal and exit 143 mid-shutdown.
    stopOnTerminationSignals: false,
    introspection: !options.production,
    // No "Did you mean …?" hints that would reveal the schema when introspection is off.
    hideSchemaDetailsFromClientErrors: options.production,
    includeStacktraceInErrorResponses: !options.production,
    formatError: (formatted, error) => formatGraphQLError(formatted, unwrapResolverError(error), options.production),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer, stopGracePeriodMillis: options.shutdownTimeoutMs }),
      ApolloServerPluginCacheControlDisabled(),
      noStore,
      // Apollo's landing pages load from its CDN: browsers are sent to the local GraphiQL (http/graphiql.ts) instead.
      ApolloServerPluginLandingPageDisabled(),
      logUnexpectedErrors,
      reportDeprecations,
      ...options.plugins,
      graphqlMetrics(options.metrics),
    ],
  });
}
