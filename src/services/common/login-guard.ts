/**
 * Failed sign-ins per account across every client address. The rate limits
 * of the HTTP layer implement it; with rate limiting off, `openLoginGuard`.
 */
export interface LoginGuard {
  /** Throws RATE_LIMIT_EXCEEDED while the account has failed too often lately. */
  check(email: string): Promise<void>;
  recordFailure(email: string): Promise<void>;
}

export const openLoginGuard: LoginGuard = {
  check: async () => {},
  recordFailure: async () => {},
};
