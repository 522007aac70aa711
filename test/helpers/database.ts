import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "../../src/db/client";

export interface TestDatabase {
  /** Set when the tests run against a server: the URL of a database made for this test file. */
  url?: string;
  /** An open PGlite handle when no server is configured. */
  handle?: DatabaseHandle;
  drop(): Promise<void>;
}

/**
 * A database nobody else uses: PGlite in memory by default, or a new
 * database on the server named by `DATABASE_URL`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ dataDir: "memory://", poolMax: 1 });
    return { handle, drop: async () => {} };
  }
  const name = `pm_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
