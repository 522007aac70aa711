import { eq, sql } from "drizzle-orm";
import { requireIssueAccess } from "../../auth/access";
import type { Database } from "../../db/client";
import { comments, issueHistory, issues, type IssueRow, type ProjectRow, type WorkflowRow, type WorkflowTransition } from "../../db/tables";
import { issueColumns } from "../../db/queries/issue-columns";
import { DomainError, validationError } from "../../errors/domain-error";
import { appendEvents } from "../../events/outbox";
import { type AuthenticatedContext, parseInput } from "../common";
import { executeTransitionSchema, stateNamed, TransitionJudge, workflows, type TransitionBlock, type TransitionOption } from "../workflow";
import { applyCustomFields } from "./custom-fields";
import { lockLiveIssue } from "./issue-lock";
import { changedFields } from "./issue-history";
import { issueEvent, issueUpdateEvent, type TransitionRef } from "./issue.events";

/** What executing a transition did (seed 001 §6.1 execute answer). */
export interface TransitionExecution {
  issue: IssueRow;
  transitionId: string;
  fromState: string;
  toState: string;
  executedAt: Date;
  executedBy: string;
}

type IssueChanges = Partial<Pick<IssueRow, "status" | "assigneeId" | "resolution" | "customFields">>;

const invalid = (message: string, details?: Record<string, unknown> | Record<string, unknown>[]) => new DomainError("WORKFLOW_TRANSITION_INVALID", message, details);
const blockDetails = (transition: WorkflowTransition, blocks: readonly TransitionBlock[]) =>
  blocks.map((block) => ({ transition_id: transition.id, rule: block.rule, message: block.message }));

/** The changes a transition makes to `issue`: its target state, then its post functions in order. */
export async function transitionChanges(tx: Database, ctx: AuthenticatedContext, project: ProjectRow, issue: IssueRow, transition: WorkflowTransition): Promise<IssueChanges> {
  const changes: IssueChanges = { status: transition.toState };
  for (const post of transition.postFunctions) {
    if (post.type === "assign_to") changes.assigneeId = post.who === "none" ? null : post.who === "caller" ? ctx.actor.userId : issue.reporterId;
    else if (post.field === "resolution") changes.resolution = post.value;
    else {
      const current = changes.customFields ?? issue.customFields;
      changes.customFields = await applyCustomFields(tx, ctx.actor.tenantId, project.settings.customFields, current, { [post.field]: post.value });
    }
  }
  return changes;
}

/**
 * The one transition a status change through `updateIssue` runs: the usable
 * transition from the issue's state to `status` in the workflow `next` (the
 * issue with the request's other changes) follows. None, or several: 422
 * listing what is available instead.
 */
export async function plannedTransition(tx: Database, ctx: AuthenticatedContext, current: IssueRow, next: IssueRow, status: string): Promise<{ transition: WorkflowTransition; workflow: WorkflowRow }> {
  if (next.issueType !== current.issueType) {
    // A type change may hand the issue to another workflow: moving it at once would skip that workflow's rules.
    throw validationError([{ field: "issueType", code: "INVALID_FORMAT", message: "Change the issue type and the status in separate requests" }]);
  }
  const judge = await TransitionJudge.load(tx, ctx.actor, [next]);
  const workflow = judge.workflowOf(next);
  if (!workflow) throw invalid(`${current.key} follows no workflow`);
  if (!stateNamed(workflow, status)) {
    throw new DomainError("INVALID_ENUM_VALUE", "Invalid enum value", [
      { field: "status", code: "INVALID_ENUM_VALUE", message: `status must be one of: ${workflow.states.map((state) => state.name).join(", ")}` },
    ]);
  }
  const options = judge.options({ ...next, status: current.status }, current);
  const leading = options.filter((option) => option.transition.toState === status);
  const usable = leading.filter((option) => option.available && !option.needsComment);
  if (usable.length === 1) return { transition: usable[0]!.transition, workflow };
  const details = {
    available_transitions: options.filter((option) => option.available).map(({ transition }) => ({ transition_id: transition.id, name: transition.name, to_state: transition.toState })),
    blocks: leading.flatMap((option) =>
      blockDetails(option.transition, option.needsComment ? [...option.reasons, { kind: "validator", rule: "comment_required", message: "a comment is required: execute the transition with one" }] : option.reasons),
    ),
  };
  const message = !leading.length
    ? `No transition of workflow "${workflow.name}" leads from ${current.status} to ${status}`
    : usable.length > 1
      ? `Several transitions lead from ${current.status} to ${status}; execute one of them`
      : `The transition from ${current.status} to ${status} cannot be used now: ${details.blocks.map((block) => block.message).join("; ")}`;
  throw invalid(message, details);
}

/** Runs a transition on an issue (seed 001 §6.1 execute) with its rules, post functions, history, comment and events, all in one transaction. */
export async function executeTransition(ctx: AuthenticatedContext, input: unknown): Promise<TransitionExecution> {
  const data = parseInput(executeTransitionSchema, input);
  if (data.workflowId) await workflows.getWorkflow(ctx, data.workflowId);
  const { issue: seen, project } = await requireIssueAccess(ctx.db, ctx.actor, data.issueId, "contribute");
  return ctx.db.transaction(async (tx) => {
    const issue = await lockLiveIssue(tx, seen.id);
    const judge = await TransitionJudge.load(tx, ctx.actor, [issue]);
    const workflow = judge.workflowOf(issue);
    if (!workflow || (data.workflowId && workflow.id !== data.workflowId)) {
      throw invalid(`${issue.key} follows ${workflow ? `workflow "${workflow.name}" (${workflow.id})` : "no workflow"}, not this one`);
    }
    const transition = workflow.transitions.find((candidate) => candidate.id === data.transitionId);
    if (!transition) throw invalid(`Workflow "${workflow.name}" has no transition ${data.transitionId}`);
    // Judged against the state the issue is in now: a move that raced this one and won leaves it elsewhere.
    if (!judge.options(issue).some((option) => option.transition.id === transition.id)) {
      throw new DomainError("RESOURCE_CONFLICT", `${issue.key} is in ${issue.status}; "${transition.name}" leads from ${transition.fromState} to ${transition.toState}`);
    }
    const blocks = judge.blocks(issue, transition, data.comment ?? null);
    if (blocks.length) throw invalid(`"${transition.name}" cannot be used on ${issue.key} now: ${blocks.map((block) => block.message).join("; ")}`, blockDetails(transition, blocks));
    const changes = await transitionChanges(tx, ctx, project, issue, transition);
    const updated = await writeTransition(tx, ctx, issue, changes, { transition, workflow, comment: data.comment ?? null });
    return { issue: updated, transitionId: transition.id, fromState: issue.status, toState: transition.toState, executedAt: updated.updatedAt, executedBy: ctx.actor.userId };
  });
}

interface TransitionRun {
  transition: WorkflowTransition;
  workflow: WorkflowRow;
  comment: string | null;
}

/** Writes an issue's changes with their history, the transition that made them and its comment, and one event for the change. */
export async function writeTransition(tx: Database, ctx: AuthenticatedContext, issue: IssueRow, changes: Partial<IssueRow>, run: TransitionRun | null): Promise<IssueRow> {
  const history = changedFields(issue, changes);
  if (!history.length) return issue;
  const [updated] = await tx.update(issues).set({ ...changes, updatedAt: sql`now()` }).where(eq(issues.id, issue.id)).returning(issueColumns);
  let commentId: string | null = null;
  if (run?.comment) {
    const [comment] = await tx.insert(comments).values({ tenantId: issue.tenantId, issueId: issue.id, authorId: ctx.actor.userId, content: run.comment }).returning({ id: comments.id });
    commentId = comment!.id;
  }
  const transition: TransitionRef | null = run && { id: run.transition.id, name: run.transition.name, workflowId: run.workflow.id, commentId };
  const entries = history.map((change) => ({ tenantId: issue.tenantId, issueId: issue.id, actorId: ctx.actor.userId, ...change }));
  if (transition) {
    entries.push({ tenantId: issue.tenantId, issueId: issue.id, actorId: ctx.actor.userId, field: "transition", fromValue: issue.status, toValue: { transition_id: transition.id, name: transition.name, workflow_id: transition.workflowId, comment_id: commentId, to_state: updated!.status } });
  }
  await tx.insert(issueHistory).values(entries);
  await appendEvents(tx, issueUpdateEvent(ctx, issue, history, transition));
  if (commentId) await appendEvents(tx, { ...issueEvent(ctx, issue), type: "comment.created", payload: { commentId } });
  return updated!;
}

/** The transitions out of an issue's state, each with whether the actor may use it now and, if not, why. */
export async function availableTransitions(ctx: AuthenticatedContext, id: string): Promise<TransitionOption[]> {
  const { issue } = await requireIssueAccess(ctx.db, ctx.actor, id, "read");
  return (await TransitionJudge.load(ctx.db, ctx.actor, [issue])).options(issue);
}
