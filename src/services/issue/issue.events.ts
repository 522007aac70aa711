import type { IssueRow } from "../../db/tables";
import type { AuthenticatedContext } from "../common";
import type { EventType, NewEvent } from "../../events/outbox";
import type { FieldChange } from "./issue-history";

type IssueRef = Pick<IssueRow, "id" | "tenantId" | "projectId">;

/** The common fields of an event about `issue`. */
export function issueEvent(ctx: AuthenticatedContext, issue: IssueRef) {
  return { tenantId: issue.tenantId, projectId: issue.projectId, issueId: issue.id, actorId: ctx.actor.userId };
}

/**
 * The event of an update that made `history`: one `issue.updated` with every
 * change, which is also `issue.status_changed` when the status moved and
 * `issue.assigned` when the assignee changed.
 */
export function issueUpdateEvent(ctx: AuthenticatedContext, issue: IssueRef, history: readonly FieldChange[]): NewEvent {
  const changes = history.map((change) => ({ field: change.field, from: change.fromValue, to: change.toValue }));
  const alsoTypes: EventType[] = [];
  if (history.some((change) => change.field === "status")) alsoTypes.push("issue.status_changed");
  if (history.some((change) => change.field === "assignee_id")) alsoTypes.push("issue.assigned");
  return { ...issueEvent(ctx, issue), type: "issue.updated", alsoTypes, payload: { changes } };
}

/** A link change is an update of both issues it joins. */
export function linkChangeEvents(ctx: AuthenticatedContext, ends: readonly IssueRef[], change: Record<string, string>) {
  return ends.map((end) => ({ ...issueEvent(ctx, end), type: "issue.updated" as const, payload: { changes: [{ field: "links", ...change }] } }));
}
