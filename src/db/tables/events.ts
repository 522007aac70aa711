import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAtColumn } from "./columns";
import { tenantIdColumn } from "./tenants";

/**
 * The transactional outbox and activity log. Services append a row in the
 * transaction of the change it describes; an insert trigger sends the id
 * with pg_notify, which PostgreSQL delivers only on commit. Each row also
 * records its transaction's id, by which a listener catches up after missing
 * notifications.
 */
export const events = pgTable(
  "events",
  {
    /** Increasing in insert order; transactions commit out of that order, so catch-up reads `xid`, not ids. */
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /**
     * The writing transaction's id, set by the database. Every transaction
     * below a snapshot's xmin has ended, so a listener that has read all
     * events from `xid >= h` knows nothing older can still appear, however
     * late a transaction commits (`src/events/bus.ts`).
     */
    xid: bigint("xid", { mode: "number" }).notNull().default(sql`(pg_current_xact_id()::text)::bigint`),
    tenantId: tenantIdColumn(),
    /** Seed 001 §14.1 names: `issue.created`, `project.member_added`, ... */
    type: text("type").notNull(),
    /**
     * Every §14.1 type the change is, `type` first: an update that moves the
     * status is `{issue.updated, issue.status_changed}`, one row, so whoever
     * shows changes sees it once and whoever follows a type still finds it.
     */
    types: text("types").array().notNull(),
    projectId: uuid("project_id"),
    issueId: uuid("issue_id"),
    /** The user the event is about (user events, membership changes). */
    subjectUserId: uuid("subject_user_id"),
    actorId: uuid("actor_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAtColumn(),
  },
  (table) => [
    index("events_tenant_project_idx").on(table.tenantId, table.projectId, table.id),
    index("events_created_idx").on(table.createdAt),
    check("events_types_start_with_type", sql`${table.types}[1] = ${table.type}`),
    index("events_xid_idx").on(table.xid),
  ],
);

export type EventRow = typeof events.$inferSelect;
