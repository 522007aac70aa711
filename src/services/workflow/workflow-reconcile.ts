import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { issueHistory, issues, projects, workflows } from "../../db/tables";
import { DomainError } from "../../errors/domain-error";
import { appendEvents } from "../../events/outbox";
import { governingWorkflow, stateNamed } from "./governing-workflow";

interface Scope {
  tenantId: string;
  /** The project whose issues a change can move; null: every project of the workspace. */
  projectId: string | null;
  actorId: string;
}

/**
 * After a change to the workflows of `scope` (inside its transaction), every
 * issue must be in a state of the workflow that now governs it. Issues that
 * are not move by `mapping` (status → state), with history and events; if
 * any has nowhere to go, 409 RESOURCE_CONFLICT lists them and nothing changes.
 */
export async function reconcileIssueStates(tx: Database, scope: Scope, mapping: ReadonlyMap<string, string>): Promise<number> {
  const active = await tx
    .select()
    .from(workflows)
    .where(and(eq(workflows.tenantId, scope.tenantId), eq(workflows.isActive, true)));
  // Issues of deleted projects are gone from every read; they neither block a change nor move.
  const liveProject = sql`exists (select 1 from ${projects} where ${projects.id} = ${issues.projectId} and ${projects.deletedAt} is null)`;
  const inScope = and(eq(issues.tenantId, scope.tenantId), isNull(issues.deletedAt), liveProject, scope.projectId ? eq(issues.projectId, scope.projectId) : undefined);
  const groups = await tx
    .select({ projectId: issues.projectId, issueType: issues.issueType, status: issues.status, issues: count() })
    .from(issues)
    .where(inScope)
    .groupBy(issues.projectId, issues.issueType, issues.status);
  const moves: { projectId: string; issueType: string; from: string; to: string }[] = [];
  const stranded: Record<string, unknown>[] = [];
  for (const group of groups) {
    const workflow = governingWorkflow(active, group.projectId, group.issueType);
    if (!workflow || stateNamed(workflow, group.status)) continue;
    const to = mapping.get(group.status);
    if (to !== undefined && stateNamed(workflow, to)) moves.push({ projectId: group.projectId, issueType: group.issueType, from: group.status, to });
    else {
      stranded.push({
        status: group.status,
        issue_type: group.issueType,
        project_id: group.projectId,
        issue_count: group.issues,
        workflow_id: workflow.id,
        states: workflow.states.map((state) => state.name),
      });
    }
  }
  if (stranded.length) {
    throw new DomainError("RESOURCE_CONFLICT", "Issues are in states this change removes; say where they go with state_mapping", { stranded });
  }
  let moved = 0;
  for (const move of moves) {
    const rows = await tx
      .update(issues)
      .set({ status: move.to, updatedAt: sql`now()` })
      .where(and(inScope, eq(issues.projectId, move.projectId), eq(issues.issueType, move.issueType), eq(issues.status, move.from)))
      .returning({ id: issues.id });
    if (!rows.length) continue;
    moved += rows.length;
    await tx.insert(issueHistory).values(rows.map((row) => ({ tenantId: scope.tenantId, issueId: row.id, actorId: scope.actorId, field: "status", fromValue: move.from, toValue: move.to })));
    await appendEvents(
      tx,
      ...rows.map((row) => ({
        type: "issue.updated" as const,
        alsoTypes: ["issue.status_changed" as const],
        tenantId: scope.tenantId,
        projectId: move.projectId,
        issueId: row.id,
        actorId: scope.actorId,
        payload: { changes: [{ field: "status", from: move.from, to: move.to }] },
      })),
    );
  }
  return moved;
}
