import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Actor } from "../../auth/actor";
import { DomainError } from "../../errors/domain-error";
import type { LoginGuard } from "../../services/common";
import { subjectOf, tierOf } from "./caller";
import { ENDPOINTS, TIERS, type Budget, type Endpoint, type RatePolicy } from "../../config";
import { secondsUntil, type LimitState } from "./limit-state";
import type { CounterStore } from "./store";

const HOUR_SECONDS = 3600;
/** The window a burst limit counts in. */
const BURST_WINDOW_SECONDS = 1;

/** The outcome of charging a request: every limit it counted against, and the first one it exceeded. */
export interface Charge {
  states: LimitState[];
  exceeded?: LimitState;
}

/** A named limit over one window. */
class Limit {
  constructor(
    readonly policy: string,
    readonly limit: number,
    readonly windowSeconds: number,
    private readonly limiter: RateLimiterAbstract,
  ) {}

  private stateOf(result: RateLimiterRes | null): LimitState {
    const consumed = result?.consumedPoints ?? 0;
    const msBeforeNext = result?.msBeforeNext ?? this.windowSeconds * 1000;
    return {
      policy: this.policy,
      limit: this.limit,
      remaining: Math.max(0, this.limit - consumed),
      windowSeconds: this.windowSeconds,
      resetAt: new Date(Date.now() + Math.max(0, msBeforeNext)),
    };
  }

  /** Spends points; `exceeded` when the window had fewer left. */
  async consume(key: string, points: number): Promise<{ state: LimitState; exceeded: boolean }> {
    try {
      return { state: this.stateOf(await this.limiter.consume(key, points)), exceeded: false };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { state: this.stateOf(rejection), exceeded: true };
      throw rejection;
    }
  }

  async peek(key: string): Promise<LimitState> {
    return this.stateOf(await this.limiter.get(key));
  }
}

function budgetLimits(store: CounterStore, name: string, budget: Budget): { hourly: Limit; burst: Limit } {
  return {
    hourly: new Limit(name, budget.requests_per_hour, HOUR_SECONDS, store.limiter(`${name}:hour`, budget.requests_per_hour, HOUR_SECONDS)),
    burst: new Limit(`${name}_burst`, budget.burst_limit, BURST_WINDOW_SECONDS, store.limiter(`${name}:burst`, budget.burst_limit, BURST_WINDOW_SECONDS)),
  };
}

/** Seed 001 §12.3, with `Retry-After` wherever the error surfaces (middleware, plugin or the login guard in a resolver). */
export const rateLimitExceeded = (state: LimitState, message = "Rate limit exceeded. Try again later.") =>
  new DomainError(
    "RATE_LIMIT_EXCEEDED",
    message,
    { limit: state.limit, window: state.windowSeconds, reset_at: state.resetAt.toISOString().replace(/\.\d{3}Z$/, "Z") },
    { "Retry-After": String(Math.max(1, secondsUntil(state.resetAt))) },
  );

/** Who a request is charged to. */
export interface Caller {
  actor: Actor | null;
  ip: string;
}

/**
 * The rate limits of seed 001 §12.2: a tier by role (anonymous callers by
 * address, signed-in ones by user id) with an hourly budget and a burst
 * limit, endpoint budgets on top, and failed sign-ins per account.
 */
export class RateLimits {
  private readonly tiers;
  private readonly endpoints;
  private readonly failedLogins: Limit;
  /** The share of `failedLogins` one address may use. */
  private readonly failedLoginsFromAddress: Limit;

  constructor(
    policy: RatePolicy,
    private readonly store: CounterStore,
    private readonly onReject: (policy: string) => void = () => {},
  ) {
    this.tiers = Object.fromEntries(TIERS.map((tier) => [tier, budgetLimits(store, tier, policy.tiers[tier])])) as Record<
      (typeof TIERS)[number],
      { hourly: Limit; burst: Limit }
    >;
    this.endpoints = Object.fromEntries(
      (Object.keys(ENDPOINTS) as Endpoint[]).map((name) => [name, budgetLimits(store, name, policy.endpoints[name])]),
    ) as Record<Endpoint, { hourly: Limit; burst: Limit }>;
    const perAccount = policy.failed_logins_per_account_per_hour;
    this.failedLogins = new Limit("failed_logins", perAccount, HOUR_SECONDS, store.limiter("failed_logins", perAccount, HOUR_SECONDS));
    const perAddress = addressShare(perAccount);
    this.failedLoginsFromAddress = new Limit(
      "failed_logins_address",
      perAddress,
      HOUR_SECONDS,
      store.limiter("failed_logins_address", perAddress, HOUR_SECONDS),
    );
  }

  /** One request: a point of the caller's hourly and burst budgets, and of the endpoint's when it has one. */
  chargeRequest(caller: Caller, endpoint?: Endpoint): Promise<Charge> {
    const tier = this.tiers[tierOf(caller.actor)];
    const limits = [tier.hourly, tier.burst, ...(endpoint ? [this.endpoints[endpoint].hourly, this.endpoints[endpoint].burst] : [])];
    return this.charge(caller, limits.map((limit) => [limit, 1] as const));
  }

  /** Further points of the hourly budget, for operations that cost more than one request. */
  chargePoints(caller: Caller, points: number): Promise<Charge> {
    return this.charge(caller, [[this.tiers[tierOf(caller.actor)].hourly, points]]);
  }

  /** Endpoint budgets reached through GraphQL, where one operation may select an endpoint's field several times. */
  chargeEndpoints(caller: Caller, occurrences: ReadonlyMap<Endpoint, number>): Promise<Charge> {
    return this.charge(
      caller,
      [...occurrences].flatMap(([name, count]) => [[this.endpoints[name].hourly, count] as const, [this.endpoints[name].burst, count] as const]),
    );
  }

  /**
   * Failed sign-ins counted per account across addresses; unknown emails
   * count alike so the answer reveals nothing. An address's failures count
   * only up to its share: past that, its own lock (per account and address,
   * in the auth service) is what slows it, and the owner elsewhere can still
   * sign in.
   */
  readonly loginGuard: LoginGuard = {
    check: async (email) => {
      const state = await this.failedLogins.peek(accountKey(email));
      if (state.remaining > 0) return;
      this.onReject(state.policy);
      throw rateLimitExceeded(state, "Too many failed sign-in attempts. Try again later.");
    },
    recordFailure: async (email, address) => {
      const fromAddress = await this.failedLoginsFromAddress.consume(`${accountKey(email)}:${address}`, 1);
      if (!fromAddress.exceeded) await this.failedLogins.consume(accountKey(email), 1);
    },
  };

  close(): Promise<void> {
    return this.store.close();
  }

  private async charge(caller: Caller, spends: readonly (readonly [Limit, number])[]): Promise<Charge> {
    const key = subjectOf(caller.actor, caller.ip);
    const results = await Promise.all(spends.map(([limit, points]) => limit.consume(key, points)));
    const exceeded = results.find((result) => result.exceeded)?.state;
    if (exceeded) this.onReject(exceeded.policy);
    return { states: results.map((result) => result.state), exceeded };
  }
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;

/** Half the per-account budget (at least one): no single address can spend all of it. */
const addressShare = (perAccount: number) => Math.max(1, Math.floor(perAccount / 2));
