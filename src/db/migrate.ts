import { fileURLToPath } from "node:url";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import postgres from "postgres";
import type { DatabaseHandle } from "./client";

export const migrationsFolder = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Arbitrary constant naming the advisory lock that serialises concurrent migrators. */
const MIGRATION_LOCK_ID = 7_240_611;

/**
 * Applies pending migrations. On PostgreSQL several instances may boot at
 * once, so the run holds an advisory lock on a dedicated connection.
 */
export async function runMigrations(handle: DatabaseHandle, url?: string): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!url) throw new Error("runMigrations needs the PostgreSQL URL");
  const connection = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres(connection), { migrationsFolder });
    await connection`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await connection.end({ timeout: 5 });
  }
}
