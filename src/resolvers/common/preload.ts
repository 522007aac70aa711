import type { IssueRow } from "../../db/tables";
import type { GraphQLContext } from "../../graphql/context";

const ISSUE_USERS = [
  ["assignee", (issue: IssueRow) => issue.assigneeId],
  ["reporter", (issue: IssueRow) => issue.reporterId],
] as const;

/**
 * Loads, in one batch, the users named by the `assignee` and `reporter`
 * fields selected on a page of issues (`fieldsOnNodes`), before those
 * fields resolve. They then find the users loaded and answer without a
 * promise (see RowLoader).
 * The users would be read in one statement anyway; this only moves it
 * ahead of the fields.
 */
export async function preloadIssueUsers(ctx: GraphQLContext, selected: ReadonlySet<string>, issues: readonly IssueRow[]): Promise<void> {
  const ids = new Set<string>();
  for (const [field, userOf] of ISSUE_USERS) {
    if (!selected.has(field)) continue;
    for (const issue of issues) {
      const id = userOf(issue);
      if (id) ids.add(id);
    }
  }
  if (ids.size) await ctx.loaders.user.loadMany([...ids]);
}
