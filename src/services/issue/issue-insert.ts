import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { issues, projects, type IssueRow } from "../../db/tables";
import { issueColumns } from "../../db/queries/issue-columns";
import { notNullViolation } from "../../db/pg-error";
import { preparedQuery } from "../../db/queries/prepared-query";
import { notFound } from "../../errors/domain-error";
import { eventInsert } from "../../events/outbox";

export interface IssueInsert {
  tenantId: string;
  projectId: string;
  /** The project's key: the issue's is `KEY-N`. */
  projectKey: string;
  actorId: string;
  summary: string;
  description: string | null;
  issueType: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  customFields: Record<string, unknown>;
}

/**
 * Numbers the issue from its project's counter, inserts it and appends its
 * `issue.created` event, all in one statement. A failed insert rolls the
 * increment back with it, so numbers stay consecutive. A project deleted
 * since the caller read it has no counter to increment, and answers 404.
 *
 * One statement holds the counter's row lock for PostgreSQL's own time, not
 * across round trips (docs/decisions/011-one-statement-create-issue.md).
 */
export async function insertIssue(db: Database, values: IssueInsert): Promise<IssueRow> {
  const statement = preparedQuery(db, "insert_issue", (db) => {
    const counter = db.$with("counter").as(
      db
        .update(projects)
        .set({ issueCounter: sql`${projects.issueCounter} + 1` })
        .where(and(eq(projects.id, sql.placeholder("projectId")), eq(projects.tenantId, sql.placeholder("tenantId")), isNull(projects.deletedAt)))
        .returning({ number: projects.issueCounter }),
    );
    const number = sql`(select ${counter.number} from ${counter})`;
    const key = sql`${sql.placeholder("projectKey")}::text || '-' || ${number}`;
    const event = db.$with("event").as(
      eventInsert(db, {
        type: "issue.created",
        // Created with an assignee, it is also an assignment: hooks following `issue.assigned` hear of it.
        types: sql`case when ${sql.placeholder("assigneeId")}::uuid is null then array['issue.created'] else array['issue.created', 'issue.assigned'] end`,
        tenantId: sql.placeholder("tenantId"),
        projectId: sql.placeholder("projectId"),
        issueId: sql.placeholder("id"),
        actorId: sql.placeholder("actorId"),
        payload: sql`jsonb_build_object('key', ${key})`,
      }),
    );
    return db
      .with(counter, event)
      .insert(issues)
      .values({
        id: sql.placeholder("id"),
        tenantId: sql.placeholder("tenantId"),
        projectId: sql.placeholder("projectId"),
        number,
        key,
        summary: sql.placeholder("summary"),
        description: sql.placeholder("description"),
        issueType: sql.placeholder("issueType"),
        status: sql.placeholder("status"),
        priority: sql.placeholder("priority"),
        assigneeId: sql.placeholder("assigneeId"),
        reporterId: sql.placeholder("actorId"),
        customFields: sql.placeholder("customFields"),
      })
      .returning(issueColumns)
      .prepare("insert_issue");
  });
  try {
    const [issue] = await statement.execute({ ...values, id: randomUUID() });
    return issue!;
  } catch (error) {
    // No counter row: the project was deleted since the caller read it.
    if (notNullViolation(error) === "number") throw notFound("Project");
    throw error;
  }
}
