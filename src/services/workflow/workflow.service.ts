import { and, count, eq, isNull, ne, sql } from "drizzle-orm";
import { requireProjectAccess } from "../../auth/access";
import type { Database } from "../../db/client";
import { projects, tenants, workflows, type ProjectRow, type WorkflowRow } from "../../db/tables";
import { afterCursor, cursorKey, orderTerms, sortKey, type ListOrder } from "../../db/queries/keyset";
import { pageOf, probeLimit, totalOf, type Page, type PageWindow } from "../../db/queries/pagination";
import { DomainError, validationError } from "../../errors/domain-error";
import { appendEvents } from "../../events/outbox";
import { type AuthenticatedContext, parseInput, withoutNulls } from "../common";
import { buildDefinition, defaultDefinition, type WorkflowDefinition } from "./workflow-definition";
import { type TransitionInput, createWorkflowSchema, deleteWorkflowSchema, listWorkflowsSchema, updateWorkflowSchema } from "./workflow.input";
import { reconcileIssueStates } from "./workflow-reconcile";
import { activeWorkflowsFor, governingWorkflow } from "./governing-workflow";
import { assertMayManage, requireManageableWorkflow, requireVisibleWorkflow, visibleWorkflows } from "./workflow-scope";

const DEFAULT_NAME = "Default workflow";
const DEFAULT_DESCRIPTION = "Follows the project's statuses; governs every issue type no other workflow names.";

/** The default workflow of a new project (inside its transaction): its statuses, any move allowed, as before workflows. */
export async function insertDefaultWorkflow(tx: Database, project: ProjectRow, actorId: string): Promise<void> {
  const definition = defaultDefinition(project.settings.statuses, project.settings.closedStatuses);
  await tx.insert(workflows).values({
    tenantId: project.tenantId,
    projectId: project.id,
    name: DEFAULT_NAME,
    description: DEFAULT_DESCRIPTION,
    issueTypes: [],
    isDefault: true,
    createdBy: actorId,
    ...definition,
  });
}

/** Project statuses changed (inside that transaction): the default workflow's states follow, keeping its transitions' rules. */
export async function syncDefaultWorkflow(tx: Database, project: ProjectRow): Promise<void> {
  const [current] = await tx.select().from(workflows).where(and(eq(workflows.projectId, project.id), eq(workflows.isDefault, true)));
  if (!current) return;
  const definition = defaultDefinition(project.settings.statuses, project.settings.closedStatuses, current);
  await tx.update(workflows).set({ ...definition, updatedAt: sql`now()` }).where(eq(workflows.id, current.id));
}

/** The workflow issues of `issueType` in the project follow. */
export async function workflowForIssue(db: Database, tenantId: string, projectId: string, issueType: string): Promise<WorkflowRow | null> {
  return governingWorkflow(await activeWorkflowsFor(db, tenantId, [projectId]), projectId, issueType);
}

const WORKFLOW_ORDER: ListOrder = {
  tag: "workflow:created_at",
  terms: [
    { ...sortKey(workflows.createdAt), descending: false },
    { ...sortKey(workflows.id), descending: false },
  ],
};

/** Workflows the actor can see, oldest first; `projectId` lists that project's and the workspace's (those its issues can follow). */
export async function listWorkflows(ctx: AuthenticatedContext, filter: { projectId?: string | null; active?: boolean | null }, window: PageWindow): Promise<Page<WorkflowRow>> {
  const { projectId, active } = parseInput(listWorkflowsSchema, filter);
  if (projectId) await requireProjectAccess(ctx.db, ctx.actor, projectId, "read");
  const where = and(
    visibleWorkflows(ctx.actor),
    projectId ? sql`(${workflows.projectId} = ${projectId} or ${workflows.projectId} is null)` : undefined,
    active == null ? undefined : eq(workflows.isActive, active),
  );
  const counted = ctx.db.select({ value: count() }).from(workflows).where(where);
  const rows = await ctx.db
    .select({ row: workflows, key: cursorKey(WORKFLOW_ORDER), total: totalOf(counted) })
    .from(workflows)
    .where(window.after ? and(where, afterCursor(WORKFLOW_ORDER, window.after)) : where)
    .orderBy(...orderTerms(WORKFLOW_ORDER))
    .limit(probeLimit(window))
    .offset(window.offset);
  return pageOf(window, WORKFLOW_ORDER, rows, async () => (await counted)[0]!.value);
}

export const getWorkflow = requireVisibleWorkflow;

/** Serialises changes to the workflows of one scope, so two clashing workflows cannot both be saved. */
async function lockScope(tx: Database, tenantId: string, projectId: string | null) {
  if (projectId) await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("update");
  else await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for("update");
}

/** 409 when another active workflow of the same scope governs one of these issue types. */
async function assertNoClash(tx: Database, tenantId: string, projectId: string | null, issueTypes: readonly string[], except?: string) {
  const others = await tx
    .select({ id: workflows.id, name: workflows.name, issueTypes: workflows.issueTypes })
    .from(workflows)
    .where(
      and(
        eq(workflows.tenantId, tenantId),
        projectId ? eq(workflows.projectId, projectId) : isNull(workflows.projectId),
        eq(workflows.isActive, true),
        except ? ne(workflows.id, except) : undefined,
      ),
    );
  const clash = others.find((other) => other.issueTypes.some((type) => issueTypes.includes(type)));
  if (clash) {
    const shared = clash.issueTypes.filter((type) => issueTypes.includes(type));
    throw new DomainError("RESOURCE_CONFLICT", `Workflow "${clash.name}" already governs ${shared.join(", ")}`, { workflow_id: clash.id, issue_types: shared });
  }
}

/** Issue types must be the project's; a workflow other than a project's default names the types it governs. */
function assertIssueTypes(project: ProjectRow | null, issueTypes: readonly string[]) {
  if (!issueTypes.length) throw validationError([{ field: "issueTypes", code: "REQUIRED_FIELD_MISSING", message: "Name the issue types the workflow governs" }]);
  const unknown = project ? issueTypes.filter((type) => !project.settings.issueTypes.includes(type)) : [];
  if (unknown.length) {
    throw validationError([{ field: "issueTypes", code: "INVALID_ENUM_VALUE", message: `Not an issue type of this project: ${unknown.join(", ")}` }]);
  }
}

/** A project workflow's rules may only name custom fields the project has; a workspace's are checked when they run. */
function assertKnownFields(project: ProjectRow | null, definition: WorkflowDefinition) {
  if (!project) return;
  const keys = new Set(project.settings.customFields.map((field) => field.key));
  const problems = definition.transitions.flatMap((transition, index) =>
    [...transition.validators, ...transition.postFunctions].flatMap((rule) =>
      "field" in rule && rule.field !== "assignee_id" && rule.field !== "resolution" && !keys.has(rule.field)
        ? [{ field: `transitions.${index}`, code: "INVALID_ENUM_VALUE" as const, message: `${transition.name}: ${rule.field} is not a custom field of this project` }]
        : [],
    ),
  );
  if (problems.length) throw validationError(problems);
}

async function projectOf(ctx: AuthenticatedContext, projectId: string | null) {
  if (!projectId) return null;
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, projectId));
  return project ?? null;
}

const workflowEvent = (ctx: AuthenticatedContext, workflow: WorkflowRow, type: "workflow.created" | "workflow.updated") => ({
  type,
  tenantId: workflow.tenantId,
  projectId: workflow.projectId,
  actorId: ctx.actor.userId,
  payload: { workflow_id: workflow.id, name: workflow.name },
});

/** Creates a workflow (seed 001 §6.1); if it takes over issues in states it lacks, `stateMapping` says where they go. */
export async function createWorkflow(ctx: AuthenticatedContext, input: unknown): Promise<WorkflowRow> {
  const data = parseInput(createWorkflowSchema, withoutNulls(input, ["description", "projectId"]));
  const mapping = data.stateMapping ?? new Map<string, string>();
  const projectId = data.projectId ?? null;
  await assertMayManage(ctx, projectId);
  const project = await projectOf(ctx, projectId);
  assertIssueTypes(project, data.issueTypes);
  const definition = buildDefinition(data.states, data.transitions);
  assertKnownFields(project, definition);
  const isActive = data.isActive ?? true;
  return ctx.db.transaction(async (tx) => {
    await lockScope(tx, ctx.actor.tenantId, projectId);
    if (isActive) await assertNoClash(tx, ctx.actor.tenantId, projectId, data.issueTypes);
    const [workflow] = await tx
      .insert(workflows)
      .values({ tenantId: ctx.actor.tenantId, projectId, name: data.name, description: data.description ?? null, issueTypes: data.issueTypes, isActive, createdBy: ctx.actor.userId, ...definition })
      .returning();
    await reconcileIssueStates(tx, { tenantId: ctx.actor.tenantId, projectId, actorId: ctx.actor.userId }, mapping);
    await appendEvents(tx, workflowEvent(ctx, workflow!, "workflow.created"));
    return workflow!;
  });
}

/**
 * Changes a workflow. Issues left in states it no longer has (or taken over
 * from another workflow) move by `stateMapping`, or the change is refused
 * (409). A project's default workflow governs every type no other names and
 * stays active; its states are the project's statuses, which follow them.
 */
export async function updateWorkflow(ctx: AuthenticatedContext, id: string, input: unknown): Promise<WorkflowRow> {
  const data = parseInput(updateWorkflowSchema, withoutNulls(input, ["description"]));
  const current = await requireManageableWorkflow(ctx, id);
  const project = await projectOf(ctx, current.projectId);
  if (current.isDefault) {
    if (data.issueTypes?.length) throw validationError([{ field: "issueTypes", code: "INVALID_FORMAT", message: "A project's default workflow governs every issue type no other workflow names" }]);
    if (data.isActive === false) throw validationError([{ field: "isActive", code: "INVALID_FORMAT", message: "A project's default workflow stays active" }]);
  } else if (data.issueTypes) assertIssueTypes(project, data.issueTypes);
  const definition: WorkflowDefinition =
    data.states || data.transitions ? buildDefinition(data.states ?? current.states, data.transitions ?? (current.transitions as TransitionInput[]), current) : current;
  if (data.transitions) assertKnownFields(project, definition);
  const issueTypes = current.isDefault ? [] : (data.issueTypes ?? current.issueTypes);
  const isActive = data.isActive ?? current.isActive;
  return ctx.db.transaction(async (tx) => {
    await lockScope(tx, ctx.actor.tenantId, current.projectId);
    if (isActive && !current.isDefault) await assertNoClash(tx, ctx.actor.tenantId, current.projectId, issueTypes, current.id);
    const [workflow] = await tx
      .update(workflows)
      .set({ name: data.name, description: data.description, issueTypes, isActive, states: definition.states, transitions: definition.transitions, updatedAt: sql`now()` })
      .where(eq(workflows.id, current.id))
      .returning();
    await reconcileIssueStates(tx, { tenantId: ctx.actor.tenantId, projectId: current.projectId, actorId: ctx.actor.userId }, data.stateMapping ?? new Map());
    if (current.isDefault && project) await followDefaultStates(tx, project, workflow!);
    await appendEvents(tx, workflowEvent(ctx, workflow!, "workflow.updated"));
    return workflow!;
  });
}

/** A project's statuses are its default workflow's states: in order, the final ones closed. */
async function followDefaultStates(tx: Database, project: ProjectRow, workflow: WorkflowRow) {
  const statuses = workflow.states.map((state) => state.name);
  const closedStatuses = workflow.states.filter((state) => state.type === "final").map((state) => state.name);
  if (JSON.stringify([statuses, closedStatuses]) === JSON.stringify([project.settings.statuses, project.settings.closedStatuses])) return;
  await tx
    .update(projects)
    .set({ settings: { ...project.settings, statuses, closedStatuses }, updatedAt: sql`now()` })
    .where(eq(projects.id, project.id));
}

/** Deletes a workflow; its issues follow the workflow that now governs them, moved by `stateMapping` where needed. */
export async function deleteWorkflow(ctx: AuthenticatedContext, id: string, input: unknown = {}): Promise<string> {
  const { stateMapping } = parseInput(deleteWorkflowSchema, withoutNulls(input ?? {}));
  const current = await requireManageableWorkflow(ctx, id);
  if (current.isDefault) throw new DomainError("RESOURCE_CONFLICT", "A project's default workflow cannot be deleted; change it instead");
  await ctx.db.transaction(async (tx) => {
    await lockScope(tx, ctx.actor.tenantId, current.projectId);
    await tx.delete(workflows).where(eq(workflows.id, current.id));
    await reconcileIssueStates(tx, { tenantId: ctx.actor.tenantId, projectId: current.projectId, actorId: ctx.actor.userId }, stateMapping ?? new Map());
  });
  return current.id;
}
