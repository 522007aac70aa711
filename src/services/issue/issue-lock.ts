import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { issues, type IssueRow } from "../../db/tables";
import { issueColumns } from "../../db/queries/issue-columns";
import { notFound } from "../../errors/domain-error";

/** Re-reads a live issue under a row lock inside `tx`, so changes to it apply one after the other; 404 once it is deleted. */
export async function lockLiveIssue(tx: Database, id: string): Promise<IssueRow> {
  const [issue] = await tx.select(issueColumns).from(issues).where(and(eq(issues.id, id), isNull(issues.deletedAt))).for("update");
  if (!issue) throw notFound("Issue");
  return issue;
}
