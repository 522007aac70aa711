import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { comments, issues, projects, users, type EventRow } from "../../db/tables";

type Data = Record<string, unknown>;

/** A user as payloads show them: id and username. */
export const userRef = async (db: Database, id: string | null) => {
  if (!id) return null;
  const [user] = await db.select({ id: users.id, username: users.username }).from(users).where(eq(users.id, id));
  return user ?? null;
};

async function projectData(db: Database, id: string) {
  const [project] = await db
    .select({ id: projects.id, key: projects.key, name: projects.name, project_type: projects.projectType, status: projects.status })
    .from(projects)
    .where(eq(projects.id, id));
  return project ?? null;
}

async function issueData(db: Database, id: string) {
  const [issue] = await db
    .select({
      id: issues.id,
      key: issues.key,
      summary: issues.summary,
      issue_type: issues.issueType,
      status: issues.status,
      priority: issues.priority,
      assignee_id: issues.assigneeId,
      reporter_id: issues.reporterId,
      project: { id: projects.id, key: projects.key },
    })
    .from(issues)
    .innerJoin(projects, eq(projects.id, issues.projectId))
    .where(eq(issues.id, id));
  return issue ?? null;
}

async function commentData(db: Database, id: unknown) {
  if (typeof id !== "string") return null;
  const [comment] = await db
    .select({ id: comments.id, content: comments.content, author_id: comments.authorId, created_at: comments.createdAt, deleted_at: comments.deletedAt })
    .from(comments)
    .where(eq(comments.id, id));
  if (!comment) return null;
  const { deleted_at, ...shown } = comment;
  // A deleted comment's text is gone from every read; its delivery says which one it was.
  return deleted_at ? { id: shown.id, author_id: shown.author_id, created_at: shown.created_at } : shown;
}

/**
 * The `data` of a delivery (seed 001 §14.3): what the event is about, as it
 * stands when the delivery is prepared (moments after the commit), the
 * event's own details (`changes`, a member's `role`, the `transition` that
 * moved an issue), and `user`, who did it.
 */
export async function eventData(db: Database, event: EventRow): Promise<Data> {
  const data: Data = {};
  const [family] = event.type.split(".");
  if (family === "issue" || family === "comment") {
    if (event.issueId) data.issue = await issueData(db, event.issueId);
    if (family === "comment") data.comment = await commentData(db, event.payload.commentId);
  } else if (family === "project" && event.projectId) {
    data.project = await projectData(db, event.projectId);
    if (event.subjectUserId) data.member = { user: await userRef(db, event.subjectUserId), role: event.payload.role ?? null };
  } else if (family === "user" && event.subjectUserId) {
    data.subject_user = await userRef(db, event.subjectUserId);
  } else if (family === "workflow") {
    data.workflow = { id: event.payload.workflow_id, name: event.payload.name, project_id: event.projectId };
  }
  if (Array.isArray(event.payload.changes)) data.changes = event.payload.changes;
  // A status change made by a workflow transition names it (the `workflow.transition_executed` delivery's subject).
  if (event.payload.transition) data.transition = event.payload.transition;
  data.user = await userRef(db, event.actorId);
  return data;
}

/** The exact bytes every attempt of a delivery sends and signs. */
export function deliveryBody(fields: { event: string; timestamp: Date; webhookId: string; deliveryId: string; data: Data }): string {
  return JSON.stringify({
    event: fields.event,
    timestamp: fields.timestamp.toISOString(),
    webhook_id: fields.webhookId,
    delivery_id: fields.deliveryId,
    data: fields.data,
  });
}
