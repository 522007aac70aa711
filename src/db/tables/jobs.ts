import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAtColumn } from "./columns";

/**
 * The durable job queue (`src/jobs/`). A job is inserted in the transaction
 * of the change that causes it, so a rollback enqueues nothing; workers of
 * any instance claim it with `FOR UPDATE SKIP LOCKED` under a lease. A job
 * that succeeds is deleted; one that used its last attempt stays `failed`,
 * visible and retryable. An insert trigger wakes workers after commit.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The handler that runs it, e.g. `webhook.deliver`. */
    name: text("name").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    /** Jobs sharing a key run one at a time, in id order (a failed one no longer holds the others back). */
    key: text("key"),
    /** `queued` (waiting for `run_at`), `running` (claimed until `locked_until`) or `failed` (parked). */
    state: text("state").notNull().default("queued"),
    /** Attempts started, the running one included. */
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    /** The lease: past it, a running job is given to another worker (its worker is taken to have died). */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    createdAt: createdAtColumn(),
    failedAt: timestamp("failed_at", { withTimezone: true }),
  },
  (table) => [
    check("jobs_state_known", sql`${table.state} in ('queued', 'running', 'failed')`),
    index("jobs_claimable_idx").on(table.runAt, table.id).where(sql`${table.state} = 'queued'`),
    index("jobs_running_idx").on(table.lockedUntil).where(sql`${table.state} = 'running'`),
    index("jobs_key_idx").on(table.key, table.id).where(sql`${table.key} is not null and ${table.state} <> 'failed'`),
    index("jobs_failed_idx").on(table.failedAt).where(sql`${table.state} = 'failed'`),
  ],
);

export type JobRow = typeof jobs.$inferSelect;
