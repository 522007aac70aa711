import type { Placeholder, SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { events } from "../db/tables";

/** Event names of seed 001 §14.1, plus the session and comment events the live feed needs. */
export type EventType =
  | "issue.created"
  | "issue.updated"
  | "issue.deleted"
  | "issue.status_changed"
  | "issue.assigned"
  | "comment.created"
  | "comment.updated"
  | "comment.deleted"
  | "project.created"
  | "project.updated"
  | "project.deleted"
  | "project.member_added"
  | "project.member_updated"
  | "project.member_removed"
  | "user.created"
  | "user.updated"
  | "user.deactivated"
  | "workflow.created"
  | "workflow.updated"
  | "workflow.transition_executed"
  | "session.revoked";

export interface NewEvent {
  /** What happened, e.g. `issue.updated`. */
  type: EventType;
  /**
   * Further §14.1 types the same change also is, e.g. `issue.status_changed`
   * for an update that moved the status. One change is one row: consumers
   * that show changes (the live feed) see it once, consumers that follow a
   * type (webhooks) find it under each of its types.
   */
  alsoTypes?: EventType[];
  tenantId: string;
  actorId?: string | null;
  projectId?: string | null;
  issueId?: string | null;
  subjectUserId?: string | null;
  payload?: Record<string, unknown>;
}

/**
 * Appends events inside the caller's transaction (`db` must be that
 * transaction). The insert trigger notifies listeners after commit; a
 * rollback leaves neither row nor notification.
 */
export async function appendEvents(db: Database, ...entries: NewEvent[]): Promise<void> {
  if (!entries.length) return;
  await db
    .insert(events)
    .values(entries.map(({ alsoTypes = [], ...entry }) => ({ ...entry, types: [entry.type, ...alsoTypes], payload: entry.payload ?? {} })));
}

type EventColumns = Omit<typeof events.$inferInsert, "types">;
/** An outbox row's values, each a constant or SQL; its `types` follow from `type`. */
type EventValues = { [Column in keyof EventColumns]: EventColumns[Column] | SQL | Placeholder };

/**
 * The outbox insert of one event, for a change made in a single statement:
 * the caller embeds it as a `WITH` query, whose values may be SQL drawn from
 * the change itself (`issue-insert.ts`), its `types` too (`type` first).
 * Atomic with the change, as
 * `appendEvents` in a transaction is.
 */
export function eventInsert(db: Database, event: EventValues & { type: EventType; types?: SQL }) {
  return db.insert(events).values({ ...event, types: event.types ?? [event.type] }).returning({ id: events.id });
}
