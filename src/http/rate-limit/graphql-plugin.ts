import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLContext } from "../../graphql/context";
import { operationCost } from "../../graphql/cost";
import { ENDPOINTS, type Endpoint } from "../../config";
import { rateLimitHeaders } from "./headers";
import { rateLimitExceeded, type Charge, type RateLimits } from "./rate-limits";
import { rootFields } from "./root-fields";

const endpointByField = new Map<string, Endpoint>(Object.entries(ENDPOINTS).map(([name, endpoint]) => [endpoint.field, name as Endpoint]));

/** How an operation was charged, as `extensions.cost` reports it. */
interface CostReport {
  /** Cost of the operation with the variables sent (the model GRAPHQL_MAX_COST checks, see `operationCost`; 0 for one that only introspects). */
  operationCost: number;
  /** Request points charged: one per `costPerPoint` of cost, at least one. */
  charged: number;
}

/**
 * Charges a GraphQL operation by its cost rather than per HTTP request, so
 * aliases cannot multiply a budget (batching is off). The request itself
 * already paid one point in the middleware; this charges the rest, and the
 * endpoint budgets (login, search, upload) of every root field selected.
 */
export function rateLimitPlugin(limits: RateLimits, costPerPoint: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      let report: CostReport | undefined;
      return {
        async didResolveOperation({ schema, document, operationName, request, contextValue, response }) {
          const caller = { actor: contextValue.actor, ip: contextValue.clientIp };
          const cost = operationCost(schema, document, operationName, request.variables ?? {});
          const points = Math.max(1, Math.ceil(cost / costPerPoint));
          const occurrences = new Map<Endpoint, number>();
          for (const field of rootFields(document, operationName)) {
            const endpoint = endpointByField.get(field);
            if (endpoint) occurrences.set(endpoint, (occurrences.get(endpoint) ?? 0) + 1);
          }
          const charges: Charge[] = [];
          if (points > 1) charges.push(await limits.chargePoints(caller, points - 1));
          if (occurrences.size) charges.push(await limits.chargeEndpoints(caller, occurrences));
          report = { operationCost: cost, charged: points };
          if (!charges.length) return;
          const states = charges.flatMap((charge) => charge.states);
          const exceeded = charges.find((charge) => charge.exceeded)?.exceeded;
          for (const [name, value] of rateLimitHeaders(states, exceeded)) response.http.headers.set(name.toLowerCase(), value);
          if (exceeded) throw rateLimitExceeded(exceeded);
        },
        async willSendResponse({ response }) {
          if (!report || response.body.kind !== "single") return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: report };
        },
      };
    },
  };
}
