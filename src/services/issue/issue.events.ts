import type { IssueRow } from "../../db/tables";
import type { AuthenticatedContext } from "../common";
import type { FieldChange } from "./issue-history";

type IssueRef = Pick<IssueRow, "id" | "tenantId" | "projectId">;

/** The common fields of an event about `issue`. */
export function issueEvent(ctx: AuthenticatedContext, issue: IssueRef) {
  return { tenantId: issue.tenantId, projectId: issue.projectId, issueId: issue.id, actorId: ctx.actor.userId };
}

/**
 * The events of an update that made `history`: one `issue.updated` with
 * every change, plus `issue.status_changed` and `issue.assigned` for
 * subscribers that only follow those.
 */
export function issueUpdateEvents(ctx: AuthenticatedContext, issue: IssueRef, history: readonly FieldChange[]) {
  const changes = history.map((change) => ({ field: change.field, from: change.fromValue, to: change.toValue }));
  const base = issueEvent(ctx, issue);
  return [
    { ...base, type: "issue.updated" as const, payload: { changes } },
    ...changes
      .filter((change) => change.field === "status")
      .map((change) => ({ ...base, type: "issue.status_changed" as const, payload: { changes: [change] } })),
    ...changes
      .filter((change) => change.field === "assignee_id")
      .map((change) => ({ ...base, type: "issue.assigned" as const, payload: { changes: [change] } })),
  ];
}

/** A link change is an update of both issues it joins. */
export function linkChangeEvents(ctx: AuthenticatedContext, ends: readonly IssueRef[], change: Record<string, string>) {
  return ends.map((end) => ({ ...issueEvent(ctx, end), type: "issue.updated" as const, payload: { changes: [{ field: "links", ...change }] } }));
}
