import { and, eq, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { visibleProjects } from "../../auth/access";
import { isTenantAdmin, type Actor } from "../../auth/actor";
import { projectRoleAllows } from "../../auth/policies/project.policy";
import type { ProjectRole } from "../../contract/project-roles";
import type { ActiveLinkType } from "../../contract/link-types";
import type { Database } from "../../db/client";
import { issueLinks, issues, projectMembers, projects, type WorkflowRow, type WorkflowTransition } from "../../db/tables";
import { anyOf } from "../../db/queries/any-of";
import { activeWorkflowsFor, governingWorkflow, stateNamed } from "./governing-workflow";
import { needsComment, needsLinks, transitionBlocks, transitionsFrom, type IssueFacts, type LinkedIssue, type TransitionBlock } from "./workflow-rules";

/** A transition out of an issue's state, judged for one caller. */
export interface TransitionOption {
  transition: WorkflowTransition;
  available: boolean;
  /** It asks for a comment when executed. */
  needsComment: boolean;
  reasons: TransitionBlock[];
}

const other = alias(issues, "linked");

/** The live issues linked to each of `issueIds`, with what the rules read of them. */
async function linkedIssues(db: Database, actor: Actor, issueIds: readonly string[]) {
  const ids = sql.param([...issueIds]);
  const isSource = sql<boolean>`${other.id} = ${issueLinks.sourceIssueId}`;
  return db
    .select({
      anchorId: sql<string>`case when ${isSource} then ${issueLinks.targetIssueId} else ${issueLinks.sourceIssueId} end`,
      type: issueLinks.type,
      isSource,
      key: other.key,
      projectId: other.projectId,
      issueType: other.issueType,
      status: other.status,
    })
    .from(issueLinks)
    .innerJoin(
      other,
      or(
        and(eq(other.id, issueLinks.targetIssueId), sql`${issueLinks.sourceIssueId} = any(${ids}::uuid[])`),
        and(eq(other.id, issueLinks.sourceIssueId), sql`${issueLinks.targetIssueId} = any(${ids}::uuid[])`),
      ),
    )
    // Links the caller cannot see neither block nor show, as in `visibleLinkCount`: a hidden issue's existence and state stay hidden.
    .innerJoin(projects, and(eq(projects.id, other.projectId), visibleProjects(actor)))
    .where(and(eq(issueLinks.tenantId, actor.tenantId), isNull(other.deletedAt)));
}

/**
 * Everything needed to judge the transitions of some issues for one caller,
 * read in a fixed number of statements however many issues there are: the
 * workflows of their projects, the caller's roles there, and (only when a
 * workflow asks) their links with the linked issues' workflows.
 */
export class TransitionJudge {
  private constructor(
    private readonly actor: Actor,
    private readonly workflows: WorkflowRow[],
    private readonly roles: Map<string, ProjectRole>,
    private readonly links: Map<string, LinkedIssue[]>,
  ) {}

  static async load(db: Database, actor: Actor, subjects: readonly IssueFacts[]): Promise<TransitionJudge> {
    const projectIds = [...new Set(subjects.map((issue) => issue.projectId))];
    const [workflows, memberships] = await Promise.all([
      activeWorkflowsFor(db, actor.tenantId, projectIds),
      db
        .select({ projectId: projectMembers.projectId, role: projectMembers.role })
        .from(projectMembers)
        .where(and(eq(projectMembers.userId, actor.userId), anyOf(projectMembers.projectId, projectIds))),
    ]);
    const roles = new Map(memberships.map((row) => [row.projectId, row.role as ProjectRole]));
    const judge = new TransitionJudge(actor, workflows, roles, new Map());
    const linking = subjects.filter((issue) => needsLinks(judge.workflowOf(issue)));
    if (linking.length) await judge.loadLinks(db, linking);
    return judge;
  }

  private async loadLinks(db: Database, subjects: readonly IssueFacts[]) {
    const rows = await linkedIssues(db, this.actor, subjects.map((issue) => issue.id));
    const known = new Set(this.workflows.map((workflow) => workflow.projectId));
    const missing = [...new Set(rows.map((row) => row.projectId))].filter((id) => !known.has(id));
    if (missing.length) this.workflows.push(...(await activeWorkflowsFor(db, this.actor.tenantId, missing)).filter((workflow) => workflow.projectId !== null));
    for (const row of rows) {
      const workflow = governingWorkflow(this.workflows, row.projectId, row.issueType);
      const link: LinkedIssue = {
        type: row.type as ActiveLinkType,
        isSource: row.isSource,
        key: row.key,
        category: (workflow && stateNamed(workflow, row.status)?.category) ?? null,
      };
      this.links.set(row.anchorId, [...(this.links.get(row.anchorId) ?? []), link]);
    }
  }

  workflowOf(issue: Pick<IssueFacts, "projectId" | "issueType">): WorkflowRow | null {
    return governingWorkflow(this.workflows, issue.projectId, issue.issueType);
  }

  private caller(issue: IssueFacts) {
    const role = this.roles.get(issue.projectId) ?? (isTenantAdmin(this.actor) ? "admin" : null);
    return { userId: this.actor.userId, scopes: this.actor.scopes, role };
  }

  /** Why `transition` cannot run on `issue` now; `comment` undefined judges it before anyone wrote one. */
  blocks(issue: IssueFacts, transition: WorkflowTransition, comment?: string | null, stored: IssueFacts = issue): TransitionBlock[] {
    const caller = this.caller(issue);
    const readOnly: TransitionBlock[] = projectRoleAllows(this.actor, caller.role, "contribute")
      ? []
      : [{ kind: "condition", rule: "project_role", message: "your project role is read-only" }];
    return [...readOnly, ...transitionBlocks(transition, issue, caller, this.links.get(issue.id) ?? [], comment, stored)];
  }

  /** Every transition out of the issue's state, in the workflow's order, each with whether the caller may use it now and why not. */
  options(issue: IssueFacts, stored: IssueFacts = issue): TransitionOption[] {
    const workflow = this.workflowOf(issue);
    if (!workflow) return [];
    return transitionsFrom(workflow, issue.status).map((transition) => {
      const reasons = this.blocks(issue, transition, undefined, stored);
      return { transition, available: reasons.length === 0, needsComment: needsComment(transition), reasons };
    });
  }
}
