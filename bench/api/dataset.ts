/**
 * Recreates the benchmark database, applies the API's own migrations to it
 * and loads the generated dataset with multi-row inserts in large batches
 * (about 5 s for the full size). The database is dropped first: every run
 * starts from the same data, whatever an earlier run's createIssue added.
 */
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { hashPassword } from "../../src/auth/password";
import { openDatabase } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { BENCH_PASSWORD, generateDataset, type DatasetFacts, type DatasetRows } from "./dataset-rows";

/** PostgreSQL accepts at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 65_000;
/** Columns that hold JSON documents; postgres.js sends them as jsonb. */
const JSON_COLUMNS = new Set(["settings", "custom_fields"]);

async function recreateDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function insertAll(sql: postgres.Sql, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const batch = Math.floor(MAX_PARAMETERS / columns.length);
  for (let start = 0; start < rows.length; start += batch) {
    const values = rows.slice(start, start + batch).map(
      (row) =>
        Object.fromEntries(columns.map((column) => [column, JSON_COLUMNS.has(column) ? sql.json(row[column] as never) : row[column]])) as Record<
          string,
          postgres.ParameterOrJSON<never>
        >,
    );
    await sql`insert into ${sql(table)} ${sql(values, columns)}`;
  }
}

/** The workflows migration's last statement: the default workflow of every project that has none. */
function workflowBackfill(): string {
  const migration = readFileSync(new URL("../../migrations/0009_workflows.sql", import.meta.url), "utf8");
  return migration.split("--> statement-breakpoint").at(-1)!;
}

/** Drops and recreates the database at `url`, migrates it and loads the dataset; returns what the scenarios need. */
export async function loadDataset(url: string, scale: number): Promise<DatasetFacts> {
  await recreateDatabase(url);
  const handle = await openDatabase({ url, dataDir: "unused", poolMax: 1 });
  try {
    await runMigrations(handle, url);
  } finally {
    await handle.close();
  }
  const { rows, facts } = generateDataset(scale, await hashPassword(BENCH_PASSWORD));
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Parents before children, as the foreign keys require.
    const order: (keyof DatasetRows)[] = ["tenants", "users", "projects", "project_members", "issues", "comments", "issue_links"];
    for (const table of order) await insertAll(sql, table, rows[table]);
    // Projects loaded after migrating get their default workflow as the migration gives existing projects theirs.
    await sql.unsafe(workflowBackfill());
    // Fresh planner statistics, as a long-running database would have.
    await sql`vacuum analyze`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  return facts;
}
