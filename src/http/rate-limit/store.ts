import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

/** Where counters live: process memory, or Redis so that every instance shares them. */
export interface CounterStore {
  limiter(keyPrefix: string, points: number, durationSeconds: number): RateLimiterAbstract;
  close(): Promise<void>;
}

export function memoryStore(): CounterStore {
  return {
    limiter: (keyPrefix, points, duration) => new RateLimiterMemory({ keyPrefix, points, duration }),
    close: async () => {},
  };
}

/**
 * Counters in Redis. Commands fail fast instead of queueing while Redis is
 * away, and each limiter then falls back to an in-memory twin: limits stay
 * enforced per instance rather than failing every request or none.
 */
export async function redisStore(url: string): Promise<CounterStore> {
  const client = new Redis(url, { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 1 });
  // Errors surface through commands (and the insurance limiter); unhandled 'error' events would crash the process.
  client.on("error", () => {});
  await client.connect();
  return {
    limiter: (keyPrefix, points, duration) =>
      new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `pm:rl:${keyPrefix}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      }),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
