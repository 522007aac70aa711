import { z } from "zod";

/** A budget: so many requests an hour, and at most so many within any one burst window. */
export interface Budget {
  requests_per_hour: number;
  burst_limit: number;
}

export const TIERS = ["anonymous", "authenticated_user", "premium_user", "admin_user"] as const;
export type Tier = (typeof TIERS)[number];

/**
 * Operations with a budget of their own on top of the caller's tier, by REST
 * path and GraphQL root field. Only operations that exist: seed 001 §12.2's
 * `files_upload` and `search` budgets join when those routes do.
 */
export const ENDPOINTS = {
  login: { path: "/api/v1/auth/login", field: "login" },
} as const;
export type Endpoint = keyof typeof ENDPOINTS;

export interface RatePolicy {
  tiers: Record<Tier, Budget>;
  endpoints: Record<Endpoint, Budget>;
  /** Failed sign-ins per account (across every address) per hour. */
  failed_logins_per_account_per_hour: number;
}

/** Seed 001 §12.2, for the endpoints that exist. */
export const DEFAULT_POLICY: RatePolicy = {
  tiers: {
    anonymous: { requests_per_hour: 100, burst_limit: 10 },
    authenticated_user: { requests_per_hour: 1000, burst_limit: 50 },
    premium_user: { requests_per_hour: 5000, burst_limit: 100 },
    admin_user: { requests_per_hour: 10000, burst_limit: 200 },
  },
  endpoints: {
    login: { requests_per_hour: 10, burst_limit: 3 },
  },
  failed_logins_per_account_per_hour: 10,
};

const budget = z.object({ requests_per_hour: z.number().int().positive(), burst_limit: z.number().int().positive() }).strict();

/** `RATE_LIMIT_POLICY`: JSON overriding any part of the default policy, e.g. `{"tiers":{"anonymous":{"requests_per_hour":50,"burst_limit":5}}}`. */
export const policyOverride = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "must be JSON" });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .object({
        tiers: z.object(Object.fromEntries(TIERS.map((tier) => [tier, budget.optional()]))).strict().optional(),
        endpoints: z.object(Object.fromEntries(Object.keys(ENDPOINTS).map((name) => [name, budget.optional()]))).strict().optional(),
        failed_logins_per_account_per_hour: z.number().int().positive().optional(),
      })
      .strict(),
  )
  .transform(
    (override): RatePolicy => ({
      tiers: { ...DEFAULT_POLICY.tiers, ...(override.tiers as Partial<Record<Tier, Budget>>) },
      endpoints: { ...DEFAULT_POLICY.endpoints, ...(override.endpoints as Partial<Record<Endpoint, Budget>>) },
      failed_logins_per_account_per_hour: override.failed_logins_per_account_per_hour ?? DEFAULT_POLICY.failed_logins_per_account_per_hour,
    }),
  );
