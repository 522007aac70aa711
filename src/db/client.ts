import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as tables from "./tables";

export type Tables = typeof tables;

/** The query surface shared by both drivers and by transactions. */
export type Database = PgDatabase<PgQueryResultHKT, Tables>;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** Connections the driver may open for queries: the postgres.js pool size, or PGlite's single in-process one. */
  maxConnections: number;
  /** SQL statements issued through `db` since start: for N+1 tests, metrics and benchmarks. */
  statementCount(): number;
  /** Round-trips a trivial statement; throws when the database is unreachable. */
  ping(): Promise<void>;
  /**
   * LISTENs on `channel`. `onConnect` runs whenever the listening connection
   * is (re)established, so the caller can catch up on what it missed.
   * Resolves to a function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void, onConnect: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; `memory://` keeps everything in memory. */
  dataDir: string;
  poolMax: number;
  /** Named prepared statements for the queries built with `preparedQuery` (default); off for poolers that cannot carry them. */
  preparedStatements?: boolean;
}

/** Counts the statements a drizzle instance issues, through its logger. */
function statementCounter() {
  let statements = 0;
  return { logger: { logQuery: () => void statements++ }, statementCount: () => statements };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const { logger, statementCount } = statementCounter();
    // Named statements only where asked for (queries built with `preparedQuery`); off altogether for poolers.
    const client = postgres(options.url, { max: options.poolMax, onnotice: () => {}, prepare: options.preparedStatements !== false });
    const db = drizzlePostgres(client, { schema: tables, logger }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      maxConnections: options.poolMax,
      statementCount,
      ping: async () => void (await db.execute(sql`select 1`)),
      // postgres.js listens on a dedicated connection and re-establishes it (calling onConnect again) when it drops.
      listen: async (channel, onNotify, onConnect) => {
        const { unlisten } = await client.listen(channel, onNotify, onConnect);
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (!options.dataDir.startsWith("memory://")) mkdirSync(options.dataDir, { recursive: true });
  return pgliteDatabase(await PGlite.create(options.dataDir));
}

/** A handle on an open PGlite; tests open one with server settings of their own. */
export function pgliteDatabase(client: PGlite): DatabaseHandle {
  const { logger, statementCount } = statementCounter();
  const db = drizzlePglite(client, { schema: tables, logger }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    maxConnections: 1,
    statementCount,
    ping: async () => void (await db.execute(sql`select 1`)),
    // One in-process connection: it cannot drop, so onConnect runs once.
    listen: async (channel, onNotify, onConnect) => {
      const unlisten = await client.listen(channel, onNotify);
      onConnect();
      return unlisten;
    },
    close: () => client.close(),
  };
}
