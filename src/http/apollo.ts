import type { Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { DomainError } from "../errors/domain-error";
import type { GraphQLContext } from "../resolvers/context";

export interface ApolloOptions {
  schema: GraphQLSchema;
  httpServer: Server;
  production: boolean;
  shutdownTimeoutMs: number;
}

/** Errors that are neither domain errors nor GraphQL's own request errors are bugs. */
function isUnexpected(error: GraphQLError): boolean {
  const original = error.originalError;
  return Boolean(original) && !(original instanceof DomainError) && !(original instanceof GraphQLError);
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

/** Every error carries `extensions.code`; anything unexpected is masked. */
function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return formatted;
    return {
      message: "Internal server error occurred",
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: "INTERNAL_SERVER_ERROR",
        ...(production ? {} : { stacktrace: formatted.extensions?.stacktrace }),
      },
    };
  };
}

export function createApollo(options: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema: options.schema,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT; Apollo's own handler would re-raise the signal and exit 143 mid-shutdown.
    stopOnTerminationSignals: false,
    introspection: !options.production,
    // No "Did you mean …?" hints that would reveal the schema when introspection is off.
    hideSchemaDetailsFromClientErrors: options.production,
    includeStacktraceInErrorResponses: !options.production,
    formatError: formatError(options.production),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer, stopGracePeriodMillis: options.shutdownTimeoutMs }),
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      logUnexpectedErrors,
    ],
  });
}
