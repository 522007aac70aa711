import type { IssueRow } from "../../db/tables";
import type { AuthenticatedContext } from "../common";
import type { EventType, NewEvent } from "../../events/outbox";
import type { FieldChange } from "./issue-history";

type IssueRef = Pick<IssueRow, "id" | "tenantId" | "projectId">;

/** The common fields of an event about `issue`. */
export function issueEvent(ctx: AuthenticatedContext, issue: IssueRef) {
  return { tenantId: issue.tenantId, projectId: issue.projectId, issueId: issue.id, actorId: ctx.actor.userId };
}

/** The workflow transition that made a change. */
export interface TransitionRef {
  id: string;
  name: string;
  workflowId: string;
  commentId: string | null;
}

/**
 * The event of an update that made `history`: one `issue.updated` with every
 * change, which is also `issue.status_changed` when the status moved,
 * `issue.assigned` when the assignee changed and
 * `workflow.transition_executed` when a transition made it.
 */
export function issueUpdateEvent(ctx: AuthenticatedContext, issue: IssueRef, history: readonly FieldChange[], transition: TransitionRef | null = null): NewEvent {
  const changes = history.map((change) => ({ field: change.field, from: change.fromValue, to: change.toValue }));
  const alsoTypes: EventType[] = [];
  if (history.some((change) => change.field === "status")) alsoTypes.push("issue.status_changed");
  if (history.some((change) => change.field === "assignee_id")) alsoTypes.push("issue.assigned");
  if (transition) alsoTypes.push("workflow.transition_executed");
  const ran = transition && { transition: { id: transition.id, name: transition.name, workflow_id: transition.workflowId, comment_id: transition.commentId } };
  return { ...issueEvent(ctx, issue), type: "issue.updated", alsoTypes, payload: { changes, ...ran } };
}

/** A link change is an update of both issues it joins. */
export function linkChangeEvents(ctx: AuthenticatedContext, ends: readonly IssueRef[], change: Record<string, string>) {
  return ends.map((end) => ({ ...issueEvent(ctx, end), type: "issue.updated" as const, payload: { changes: [{ field: "links", ...change }] } }));
}
