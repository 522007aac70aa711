import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface LiveClient {
  client: Client;
  /** Close events seen, newest last. */
  closes: { code: number; reason: string }[];
  dispose(): Promise<void>;
}

/** A real graphql-ws client authenticating with `token` (or none). */
export function connect(url: string, token?: string): LiveClient {
  const closes: { code: number; reason: string }[] = [];
  const client = createClient({
    url: `${url.replace(/^http/, "ws")}/api/v1/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token === undefined ? {} : { authorization: `Bearer ${token}` },
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closes.push({ code, reason });
      },
    },
    onNonLazyError: () => {},
  });
  return { client, closes, dispose: () => Promise.resolve(client.dispose()) };
}

export interface Feed<T = any> {
  items: T[];
  errors: any[];
  completed: boolean;
  stop(): void;
  /** Resolves once `count` items arrived; rejects after `ms`. */
  waitFor(count: number, ms?: number): Promise<T[]>;
}

/** Subscribes and collects every payload's `data`. */
export function subscribe<T = any>(live: LiveClient, query: string, variables: Record<string, unknown>): Feed<T> {
  const feed: Feed<T> = {
    items: [],
    errors: [],
    completed: false,
    stop: () => {},
    waitFor: async (count, ms = 5000) => {
      const deadline = Date.now() + ms;
      while (feed.items.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} items, got ${feed.items.length}: ${JSON.stringify(feed.items)} errors ${JSON.stringify(feed.errors)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return feed.items;
    },
  };
  feed.stop = live.client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) feed.errors.push(...result.errors);
        else feed.items.push(result.data as T);
      },
      // graphql-ws reports an `error` message as the array of its GraphQL errors.
      error: (error) => feed.errors.push(...(Array.isArray(error) ? error : [error])),
      complete: () => (feed.completed = true),
    },
  );
  return feed;
}

/** Waits until `check` holds, or fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets in-flight deliveries land, to assert that nothing more arrives. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
