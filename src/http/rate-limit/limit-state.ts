/** One limit as a response reports it. */
export interface LimitState {
  /** Policy name, as in `RateLimit-Policy`. */
  policy: string;
  limit: number;
  remaining: number;
  windowSeconds: number;
  resetAt: Date;
}

/** Whole seconds from now until `date`, never negative. */
export const secondsUntil = (date: Date) => Math.max(0, Math.ceil((date.getTime() - Date.now()) / 1000));
