import type { ApolloServerPlugin } from "@apollo/server";
import { getOperationAST } from "graphql";
import type { Metrics } from "./metrics";

/** What a GraphQL name may be, capped at 64 characters. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Distinct operation names reported before further new names count as `other`. */
export const MAX_OPERATION_NAMES = 200;

/**
 * Operation names come from clients, so each new one would add a time
 * series: names are reported as they are until MAX_OPERATION_NAMES distinct
 * ones have been seen, later newcomers as `other`.
 */
function boundedOperationLabel(): (name: string | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return "anonymous";
    if (seen.has(name)) return name;
    if (!OPERATION_NAME.test(name) || seen.size >= MAX_OPERATION_NAMES) return "other";
    seen.add(name);
    return name;
  };
}

/**
 * Counts each HTTP GraphQL operation once, when its response is sent. The
 * name is read from the parsed document, so operations that fail validation
 * still count under their name; unparsable ones count as `anonymous`.
 */
export function graphqlMetrics(metrics: Metrics): ApolloServerPlugin {
  const label = boundedOperationLabel();
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ document, request, errors }) {
          const name = document ? getOperationAST(document, request.operationName)?.name?.value : undefined;
          metrics.graphqlOperations.inc({ operation: label(name), outcome: errors?.length ? "error" : "success" });
        },
      };
    },
  };
}
