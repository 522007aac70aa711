import { asc, count, eq, sql } from "drizzle-orm";
import { requireIssueAccess } from "../auth/access";
import { issueHistory, type IssueHistoryRow, type IssueRow } from "../db/tables";
import type { AuthenticatedContext } from "./context";
import { pageOf, type Page, type PageWindow } from "./pagination";

/** Field changes of an issue already checked as visible, oldest first. */
export async function historyOfIssue(ctx: AuthenticatedContext, issue: Pick<IssueRow, "id">, window: PageWindow): Promise<Page<IssueHistoryRow>> {
  const where = eq(issueHistory.issueId, issue.id);
  const rows = await ctx.db
    .select({ row: issueHistory, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(issueHistory)
    .where(where)
    .orderBy(asc(issueHistory.sequence))
    .limit(window.limit)
    .offset(window.offset);
  return pageOf(window, rows, async () => (await ctx.db.select({ value: count() }).from(issueHistory).where(where))[0]!.value);
}

export async function listHistory(ctx: AuthenticatedContext, issueId: string, window: PageWindow) {
  const { issue } = await requireIssueAccess(ctx.db, ctx.actor, issueId, "read");
  return historyOfIssue(ctx, issue, window);
}
