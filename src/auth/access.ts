import { and, eq, exists, isNull, sql, type AnyColumn, type Placeholder, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { issues, projectMembers, projects, type IssueRow, type ProjectRow } from "../db/tables";
import { issueColumns } from "../db/queries/issue-columns";
import { preparedQuery } from "../db/queries/prepared-query";
import { isUuid } from "../db/uuid";
import { DomainError, notFound } from "../errors/domain-error";
import { isTenantAdmin, type Actor } from "./actor";
import { projectRoleAllows, type ProjectAction, type ProjectRole } from "./policies/project.policy";

export interface ProjectAccess {
  project: ProjectRow;
  /** The actor's role in the project; null for tenant admins who are not members. */
  role: ProjectRole | null;
}

export interface IssueAccess extends ProjectAccess {
  issue: IssueRow;
}

type ProjectColumns = { id: AnyColumn; tenantId: AnyColumn; deletedAt: AnyColumn };

export const forbidden = (message: string) => new DomainError("RESOURCE_FORBIDDEN", message);

const actionMessage: Record<ProjectAction, string> = {
  read: "You cannot see this project",
  contribute: "Your project role is read-only",
  administer: "Only project administrators can do this",
};

/**
 * SQL condition on `projects` (or an alias of it) selecting what the actor may see: live
 * projects of their tenant, and for non-admins only those they belong to.
 */
export function visibleProjects(actor: Actor, table: ProjectColumns = projects): SQL {
  return visibleProjectsTo({ admin: isTenantAdmin(actor), tenantId: actor.tenantId, userId: actor.userId }, table);
}

/** `visibleProjects` for a viewer whose ids may be placeholders of a prepared query. */
export function visibleProjectsTo(viewer: { admin: boolean; tenantId: string | Placeholder; userId: string | Placeholder }, table: ProjectColumns = projects): SQL {
  const live = and(eq(table.tenantId, viewer.tenantId), isNull(table.deletedAt))!;
  if (viewer.admin) return live;
  return and(
    live,
    exists(
      sql`(select 1 from ${projectMembers} where ${projectMembers.projectId} = ${table.id} and ${projectMembers.userId} = ${viewer.userId})`,
    ),
  )!;
}

/** The role of the user in placeholder `userId` in the project of the row. */
const memberRole = sql<ProjectRole | null>`(select ${projectMembers.role} from ${projectMembers}
    where ${projectMembers.projectId} = ${projects.id} and ${projectMembers.userId} = ${sql.placeholder("userId")})`;

const projectWithRole = (db: Database) =>
  preparedQuery(db, "project_with_role", (db) =>
    db
      .select({ project: projects, role: memberRole })
      .from(projects)
      .where(and(eq(projects.id, sql.placeholder("projectId")), eq(projects.tenantId, sql.placeholder("tenantId")), isNull(projects.deletedAt)))
      .prepare("project_with_role"),
  );

const issueWithRole = (db: Database) =>
  preparedQuery(db, "issue_with_role", (db) =>
    db
      .select({ issue: issueColumns, project: projects, role: memberRole })
      .from(issues)
      .innerJoin(projects, eq(projects.id, issues.projectId))
      .where(
        and(
          eq(issues.id, sql.placeholder("issueId")),
          eq(issues.tenantId, sql.placeholder("tenantId")),
          isNull(issues.deletedAt),
          isNull(projects.deletedAt),
        ),
      )
      .prepare("issue_with_role"),
  );

function checked<Access extends ProjectAccess>(actor: Actor, access: Access | undefined, action: ProjectAction, what: string): Access {
  // Invisible and missing look the same: 404. Visible but not allowed: 403.
  if (!access || (access.role === null && !isTenantAdmin(actor))) throw notFound(what);
  if (!projectRoleAllows(actor, access.role, action)) throw forbidden(actionMessage[action]);
  return access;
}

/** Loads a project with the actor's role in one statement and checks `action` on it. */
export async function requireProjectAccess(db: Database, actor: Actor, projectId: string, action: ProjectAction): Promise<ProjectAccess> {
  if (!isUuid(projectId)) throw notFound("Project");
  const [row] = await projectWithRole(db).execute({ projectId, tenantId: actor.tenantId, userId: actor.userId });
  return checked(actor, row, action, "Project");
}

/** Loads a live issue with its project and the actor's role in one statement and checks `action`. */
export async function requireIssueAccess(db: Database, actor: Actor, issueId: string, action: ProjectAction): Promise<IssueAccess> {
  if (!isUuid(issueId)) throw notFound("Issue");
  const [row] = await issueWithRole(db).execute({ issueId, tenantId: actor.tenantId, userId: actor.userId });
  return checked(actor, row, action, "Issue");
}
