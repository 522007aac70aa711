/**
 * Failed sign-ins per account across every client address: what bounds a
 * guessing attack spread over many addresses, which the lock per account and
 * address cannot. The rate limits of the HTTP layer implement it; with rate
 * limiting off, `openLoginGuard`.
 */
export interface LoginGuard {
  /** Throws RATE_LIMIT_EXCEEDED while the account has failed too often lately. */
  check(email: string): Promise<void>;
  /**
   * Counts a failure against the account from `address` (as the sign-in
   * lock counts it: IPv6 by /64). One address counts for at most a
   * share of the budget, so its failures alone never exhaust it and shut the
   * owner out elsewhere.
   */
  recordFailure(email: string, address: string): Promise<void>;
}

export const openLoginGuard: LoginGuard = {
  check: async () => {},
  recordFailure: async () => {},
};
