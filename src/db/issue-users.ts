import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { OuterJoin } from "./outer-join";
import { issues, users } from "./tables";
import { userViewColumnsOf } from "./user-columns";

const assignees = alias(users, "assignee");
const reporters = alias(users, "reporter");

/**
 * An issue's assignee and reporter, outer-joined to its row, so that a page
 * of issues and the users it names come in one statement: a board or a
 * list makes one round trip fewer. Joined within the issue's tenant; an
 * issue without an assignee gets `assignee: null`.
 */
export const ISSUE_USER_JOINS: Record<"assignee" | "reporter", OuterJoin> = {
  assignee: { table: assignees, columns: userViewColumnsOf(assignees), on: and(eq(assignees.id, issues.assigneeId), eq(assignees.tenantId, issues.tenantId))! },
  reporter: { table: reporters, columns: userViewColumnsOf(reporters), on: and(eq(reporters.id, issues.reporterId), eq(reporters.tenantId, issues.tenantId))! },
};
