import { and, eq, isNull, or } from "drizzle-orm";
import type { Database } from "../../db/client";
import { workflows, type WorkflowRow } from "../../db/tables";
import { anyOf } from "../../db/queries/any-of";

/**
 * The active workflow an issue of `issueType` in `projectId` follows, among
 * `candidates` (the active workflows of that project and of the workspace):
 * one of the project naming the type, else one of the workspace naming it,
 * else the project's default (it names no type).
 */
export function governingWorkflow(candidates: readonly WorkflowRow[], projectId: string, issueType: string): WorkflowRow | null {
  const active = candidates.filter((workflow) => workflow.isActive);
  return (
    active.find((workflow) => workflow.projectId === projectId && workflow.issueTypes.includes(issueType)) ??
    active.find((workflow) => workflow.projectId === null && workflow.issueTypes.includes(issueType)) ??
    active.find((workflow) => workflow.projectId === projectId && workflow.issueTypes.length === 0) ??
    null
  );
}

/** The active workflows that can govern issues of these projects: theirs and the workspace's, in one statement. */
export function activeWorkflowsFor(db: Database, tenantId: string, projectIds: readonly string[]): Promise<WorkflowRow[]> {
  return db
    .select()
    .from(workflows)
    .where(and(eq(workflows.tenantId, tenantId), eq(workflows.isActive, true), or(anyOf(workflows.projectId, projectIds), isNull(workflows.projectId))));
}

/** The state of `workflow` an issue in `status` is in; null when the workflow has no such state. */
export const stateNamed = (workflow: WorkflowRow, status: string) => workflow.states.find((state) => state.name === status) ?? null;

/** Where new issues of `workflow` start. */
export const initialState = (workflow: WorkflowRow) => (workflow.states.find((state) => state.type === "initial") ?? workflow.states[0]!).name;
