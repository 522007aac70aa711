import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { DomainError } from "../errors/domain-error";

/** Errors that are neither domain errors nor GraphQL's own request errors are bugs. */
export function isUnexpected(error: GraphQLError): boolean {
  const original = error.originalError;
  return Boolean(original) && !(original instanceof DomainError) && !(original instanceof GraphQLError);
}

/**
 * One formatting for every GraphQL transport: domain errors keep their code
 * and details, GraphQL's own request errors keep theirs, anything else is
 * masked as INTERNAL_SERVER_ERROR (with a stack trace outside production).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, original: unknown, production: boolean): GraphQLFormattedError {
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
      ...(production || !formatted.extensions?.stacktrace ? {} : { stacktrace: formatted.extensions.stacktrace }),
    },
  };
}
