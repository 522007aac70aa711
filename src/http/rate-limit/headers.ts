import { secondsUntil, type LimitState } from "./limit-state";

/** The limit a response reports in `X-RateLimit-*`: the one exceeded, else the hourly one closest to running out. */
function reported(states: readonly LimitState[], exceeded?: LimitState): LimitState {
  if (exceeded) return exceeded;
  const hourly = states.filter((state) => state.windowSeconds >= 3600);
  return (hourly.length ? hourly : states).reduce((low, state) => (state.remaining < low.remaining ? state : low));
}

/**
 * Seed 001 §12.1 `X-RateLimit-*` for one limit, and the IETF
 * `RateLimit-Policy` / `RateLimit` fields (draft-ietf-httpapi-ratelimit-headers)
 * listing every limit the request counted against. `Retry-After` travels
 * with the 429 error itself (`rateLimitExceeded`), wherever it is thrown.
 */
export function rateLimitHeaders(states: readonly LimitState[], exceeded?: LimitState): [string, string][] {
  if (!states.length) return [];
  const main = reported(states, exceeded);
  return [
    ["X-RateLimit-Limit", String(main.limit)],
    ["X-RateLimit-Remaining", String(main.remaining)],
    ["X-RateLimit-Reset", String(Math.ceil(main.resetAt.getTime() / 1000))],
    ["X-RateLimit-Window", String(main.windowSeconds)],
    ["RateLimit-Policy", states.map((state) => `"${state.policy}";q=${state.limit};w=${state.windowSeconds}`).join(", ")],
    ["RateLimit", states.map((state) => `"${state.policy}";r=${state.remaining};t=${secondsUntil(state.resetAt)}`).join(", ")],
  ];
}
