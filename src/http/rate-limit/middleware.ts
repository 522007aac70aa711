import type { RequestHandler } from "express";
import { routePath } from "../route-path";
import { ENDPOINTS, type Endpoint } from "../../config";
import { rateLimitHeaders } from "./headers";
import { rateLimitExceeded, type RateLimits } from "./rate-limits";

const endpointByPath = new Map<string, Endpoint>(Object.entries(ENDPOINTS).map(([name, endpoint]) => [endpoint.path, name as Endpoint]));

/**
 * Charges every API request one point of its caller's budgets (and of the
 * endpoint's, where §12.2 gives one), reports them in the headers, and
 * answers 429 once one is spent. GraphQL operations are charged the rest of
 * their cost by the GraphQL plugin.
 */
export function rateLimitRequests(limits: RateLimits): RequestHandler {
  return async (req, res, next) => {
    const endpoint = endpointByPath.get(routePath(req.originalUrl));
    const charge = await limits.chargeRequest({ actor: req.actor, ip: req.ip ?? "unknown" }, endpoint);
    for (const [name, value] of rateLimitHeaders(charge.states, charge.exceeded)) res.setHeader(name, value);
    if (charge.exceeded) throw rateLimitExceeded(charge.exceeded);
    next();
  };
}
