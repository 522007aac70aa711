import { and, count, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { anyOf } from "../../db/queries/any-of";
import { z } from "zod";
import { requireProjectAccess, visibleProjects } from "../../auth/access";
import type { Database } from "../../db/client";
import { issues, projectMembers, projects, type ProjectRow, type ProjectSettings } from "../../db/tables";
import { uniqueViolation } from "../../db/pg-error";
import { DomainError } from "../../errors/domain-error";
import { type AuthenticatedContext, descriptionField, idField, nameField, searchField, inputProblems, parseInput, withoutNulls } from "../common";
import { likeContaining } from "../../db/queries/like";
import { afterCursor, cursorKey, orderTerms, sortKey } from "../../db/queries/keyset";
import { pageOf, probeLimit, totalOf, type Page, type PageWindow } from "../../db/queries/pagination";
import { DEFAULT_SETTINGS, mergeSettings } from "./project-settings";
import { listOrder } from "../../db/queries/sorting";
import { appendEvents } from "../../events/outbox";
import { insertDefaultWorkflow, syncDefaultWorkflow } from "../workflow";
import { requireActiveTenantUser } from "../user";
import { expectedUpdatedAtField, lockUnchangedSince } from "../../db/queries/optimistic-lock";

export const PROJECT_TYPES = ["software", "business", "service_desk"] as const;
export const PROJECT_STATUSES = ["active", "archived"] as const;

const projectTypeField = z.enum(PROJECT_TYPES, { error: `Project type must be one of: ${PROJECT_TYPES.join(", ")}` });
const statusField = z.enum(PROJECT_STATUSES, { error: `Status must be one of: ${PROJECT_STATUSES.join(", ")}` });

const createSchema = z.object({
  key: z
    .string({ error: "Key is required" })
    .trim()
    .min(2, "Key must be at least 2 characters")
    .max(10, "Key must be at most 10 characters")
    .regex(/^[A-Z][A-Z0-9]*$/, "Key must be uppercase letters and digits, starting with a letter"),
  name: nameField("Name"),
  description: descriptionField(5000).optional(),
  projectType: projectTypeField.nullish(),
  leadId: idField("Lead").nullish(),
  settings: z.unknown().optional(),
});

const updateSchema = z.object({
  name: nameField("Name").optional(),
  description: descriptionField(5000).optional(),
  projectType: projectTypeField.optional(),
  status: statusField.optional(),
  leadId: idField("Lead").optional(),
  settings: z.unknown().optional(),
  expectedUpdatedAt: expectedUpdatedAtField,
});

// Null leaves a field as it is, except a description, which it clears.
const updateChanges = (input: unknown) => withoutNulls(input, ["description"]);

/** What `createProject` refuses in `input` before acting, for a door that reports it beside its own checks. */
export const createProjectProblems = (input: unknown) => inputProblems(createSchema, input);

/** What `updateProject` refuses in `input` before acting. */
export const updateProjectProblems = (input: unknown) => inputProblems(updateSchema, updateChanges(input));

const listSchema = z.object({ search: searchField.nullish(), status: statusField.nullish(), sort: z.string().max(100).nullish() });

export interface ProjectListFilter {
  search?: string | null;
  status?: string | null;
  sort?: string | null;
}

const sortable = { created_at: sortKey(projects.createdAt), updated_at: sortKey(projects.updatedAt), name: sortKey(projects.name), key: sortKey(projects.key) };

/** Projects the actor can see, filtered and sorted (default newest first). */
export async function listProjects(ctx: AuthenticatedContext, filter: ProjectListFilter, window: PageWindow): Promise<Page<ProjectRow>> {
  const { search, status, sort } = parseInput(listSchema, filter);
  const conditions: SQL[] = [visibleProjects(ctx.actor)];
  if (status) conditions.push(eq(projects.status, status));
  if (search) {
    const pattern = likeContaining(search);
    conditions.push(or(ilike(projects.name, pattern), ilike(projects.key, pattern), ilike(projects.description, pattern))!);
  }
  const where = and(...conditions);
  const order = listOrder("project", sort, sortable, "-created_at", projects.id);
  const counted = ctx.db.select({ value: count() }).from(projects).where(where);
  const rows = await ctx.db
    .select({ row: projects, key: cursorKey(order), total: totalOf(counted) })
    .from(projects)
    .where(window.after ? and(where, afterCursor(order, window.after)) : where)
    .orderBy(...orderTerms(order))
    .limit(probeLimit(window))
    .offset(window.offset);
  return pageOf(window, order, rows, async () => (await counted)[0]!.value);
}

export async function getProject(ctx: AuthenticatedContext, id: string): Promise<ProjectRow> {
  return (await requireProjectAccess(ctx.db, ctx.actor, id, "read")).project;
}

/** Makes `userId` a project administrator, adding them if they were not a member. */
async function ensureAdminMember(db: Database, project: Pick<ProjectRow, "id" | "tenantId">, userId: string) {
  await db
    .insert(projectMembers)
    .values({ projectId: project.id, userId, tenantId: project.tenantId, role: "admin" })
    .onConflictDoUpdate({ target: [projectMembers.projectId, projectMembers.userId], set: { role: "admin" } });
}

/** Creates a project; its creator and its lead become project administrators. */
export async function createProject(ctx: AuthenticatedContext, input: unknown): Promise<ProjectRow> {
  const data = parseInput(createSchema, input);
  const settings = mergeSettings(DEFAULT_SETTINGS, data.settings);
  const leadId = data.leadId ?? ctx.actor.userId;
  await requireActiveTenantUser(ctx.db, ctx.actor.tenantId, leadId);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [project] = await tx
        .insert(projects)
        .values({
          tenantId: ctx.actor.tenantId,
          key: data.key,
          name: data.name,
          description: data.description ?? null,
          projectType: data.projectType ?? "software",
          leadId,
          settings,
        })
        .returning();
      for (const userId of new Set([ctx.actor.userId, leadId])) await ensureAdminMember(tx, project!, userId);
      await insertDefaultWorkflow(tx, project!, ctx.actor.userId);
      await appendEvents(tx, { type: "project.created", tenantId: project!.tenantId, projectId: project!.id, actorId: ctx.actor.userId });
      return project!;
    });
  } catch (error) {
    if (uniqueViolation(error) === "projects_tenant_key_unique") {
      throw new DomainError("RESOURCE_ALREADY_EXISTS", `Project key ${data.key} is already in use`, { field: "key" });
    }
    throw error;
  }
}

/** Values removed from a settings list that issues still use: removing them would strand those issues. */
async function assertRemovedValuesUnused(db: Database, project: ProjectRow, next: ProjectSettings) {
  const checks = [
    { field: "settings.issueTypes", column: issues.issueType, removed: project.settings.issueTypes.filter((v) => !next.issueTypes.includes(v)) },
    { field: "settings.priorities", column: issues.priority, removed: project.settings.priorities.filter((v) => !next.priorities.includes(v)) },
    { field: "settings.statuses", column: issues.status, removed: project.settings.statuses.filter((v) => !next.statuses.includes(v)) },
  ].filter((check) => check.removed.length);
  for (const check of checks) {
    const inUse = await db
      .selectDistinct({ value: check.column })
      .from(issues)
      .where(and(eq(issues.projectId, project.id), isNull(issues.deletedAt), anyOf(check.column, check.removed)));
    if (inUse.length) {
      throw new DomainError("RESOURCE_CONFLICT", "Settings remove values that issues still use", {
        field: check.field,
        values_in_use: inUse.map((row) => row.value),
      });
    }
  }
}

/** Partial update by a project administrator. A new lead becomes a project administrator. */
export async function updateProject(ctx: AuthenticatedContext, id: string, input: unknown): Promise<ProjectRow> {
  const { expectedUpdatedAt, ...changes } = parseInput(updateSchema, updateChanges(input));
  const { project } = await requireProjectAccess(ctx.db, ctx.actor, id, "administer");
  const settings = changes.settings === undefined ? undefined : mergeSettings(project.settings, changes.settings);
  if (settings) await assertRemovedValuesUnused(ctx.db, project, settings);
  if (changes.leadId) await requireActiveTenantUser(ctx.db, ctx.actor.tenantId, changes.leadId);
  const { settings: _input, ...plain } = changes;
  return ctx.db.transaction(async (tx) => {
    await lockUnchangedSince(tx, projects, project.id, expectedUpdatedAt);
    const [updated] = await tx
      .update(projects)
      .set({ ...plain, ...(settings ? { settings } : {}), updatedAt: sql`now()` })
      .where(eq(projects.id, project.id))
      .returning();
    if (changes.leadId) await ensureAdminMember(tx, project, changes.leadId);
    const statusesChanged = settings && JSON.stringify([settings.statuses, settings.closedStatuses]) !== JSON.stringify([project.settings.statuses, project.settings.closedStatuses]);
    if (statusesChanged) await syncDefaultWorkflow(tx, updated!);
    await appendEvents(tx, {
      type: "project.updated",
      tenantId: project.tenantId,
      projectId: project.id,
      actorId: ctx.actor.userId,
      payload: { changes: Object.keys(changes) },
    });
    return updated!;
  });
}

/**
 * Soft delete: the project, its issues and comments disappear from every
 * read at once because all of them filter on live projects. The key stays
 * reserved.
 */
export async function deleteProject(ctx: AuthenticatedContext, id: string): Promise<string> {
  const { project } = await requireProjectAccess(ctx.db, ctx.actor, id, "administer");
  await ctx.db.transaction(async (tx) => {
    await tx.update(projects).set({ deletedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(projects.id, project.id));
    await appendEvents(tx, { type: "project.deleted", tenantId: project.tenantId, projectId: project.id, actorId: ctx.actor.userId });
  });
  return project.id;
}

export interface ProjectStatistics {
  totalIssues: number;
  openIssues: number;
  inProgressIssues: number;
  closedIssues: number;
}

/**
 * Live issue counts by status category: the first status is open, closed
 * statuses are closed, everything else (including statuses since removed)
 * is in progress.
 */
export function categorise(settings: ProjectSettings, countsByStatus: ReadonlyMap<string, number>): ProjectStatistics {
  const stats: ProjectStatistics = { totalIssues: 0, openIssues: 0, inProgressIssues: 0, closedIssues: 0 };
  for (const [status, issuesWithStatus] of countsByStatus) {
    stats.totalIssues += issuesWithStatus;
    if (status === settings.statuses[0]) stats.openIssues += issuesWithStatus;
    else if (settings.closedStatuses.includes(status)) stats.closedIssues += issuesWithStatus;
    else stats.inProgressIssues += issuesWithStatus;
  }
  return stats;
}
