import { and, count, eq, isNull, or, sql } from "drizzle-orm";
import { anyOf } from "../../db/queries/any-of";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { activeWording, LINK_INVERSE, LINK_TYPES, type ActiveLinkType } from "../../contract/link-types";
import { requireIssueAccess, visibleProjects, visibleProjectsTo } from "../../auth/access";
import { isTenantAdmin, type Actor } from "../../auth/actor";
import type { Database } from "../../db/client";
import { preparedQuery } from "../../db/queries/prepared-query";
import { issueLinks, issues, projects } from "../../db/tables";
import { isUuid } from "../../db/uuid";
import { appendEvents } from "../../events/outbox";
import { linkChangeEvents } from "./issue.events";
import { uniqueViolation } from "../../db/pg-error";
import { DomainError, notFound, validationError } from "../../errors/domain-error";
import { type AuthenticatedContext, idField, inputProblems, parseInput } from "../common";


const linkSchema = z.object({
  type: z.enum(LINK_TYPES as [string, ...string[]], { error: `Link type must be one of: ${LINK_TYPES.join(", ")}` }),
  issueId: idField("Issue"),
});

/** What `addLink` refuses in `input` before acting, for a door that reports it beside its own checks. */
export const addLinkProblems = (input: unknown) => inputProblems(linkSchema, input);

/** A link as seen from one of its issues. */
export interface LinkView {
  id: string;
  type: string;
  /** The issue at the other end. */
  issueId: string;
  createdAt: Date;
}

function viewFrom(issueId: string, link: typeof issueLinks.$inferSelect): LinkView {
  const outgoing = link.sourceIssueId === issueId;
  return {
    id: link.id,
    type: outgoing ? link.type : LINK_INVERSE[link.type as ActiveLinkType],
    issueId: outgoing ? link.targetIssueId : link.sourceIssueId,
    createdAt: link.createdAt,
  };
}

/** Stores `is_blocked_by` as the reversed `blocks`, so each relation has one spelling in the table. */
function normalise(type: string, from: string, to: string) {
  const wording = activeWording(type);
  return wording.inverse ? { type: wording.type, sourceIssueId: to, targetIssueId: from } : { type, sourceIssueId: from, targetIssueId: to };
}

/**
 * Links two issues of the tenant. A link changes both issues, so the actor
 * must be able to contribute to both. No self links; one link of a type per
 * pair whichever way round (a unique index, so concurrent requests cannot
 * slip past a check).
 */
export async function addLink(ctx: AuthenticatedContext, issueId: string, input: unknown): Promise<LinkView> {
  const data = parseInput(linkSchema, input);
  const { issue } = await requireIssueAccess(ctx.db, ctx.actor, issueId, "contribute");
  if (data.issueId === issue.id) {
    throw validationError([{ field: "issueId", code: "INVALID_FORMAT", message: "An issue cannot be linked to itself" }]);
  }
  const { issue: other } = await requireIssueAccess(ctx.db, ctx.actor, data.issueId, "contribute");
  const link = normalise(data.type, issue.id, other.id);
  try {
    const created = await ctx.db.transaction(async (tx) => {
      // Shared locks on both ends: a concurrent delete of either waits for this link and then sees it.
      const live = await tx
        .select({ id: issues.id })
        .from(issues)
        .where(and(anyOf(issues.id, [issue.id, other.id]), isNull(issues.deletedAt)))
        .for("share");
      if (live.length < 2) throw notFound("Issue");
      const [row] = await tx
        .insert(issueLinks)
        .values({ tenantId: ctx.actor.tenantId, createdBy: ctx.actor.userId, ...link })
        .returning();
      await appendEvents(tx, ...linkChangeEvents(ctx, [issue, other], { added: row!.id }));
      return row!;
    });
    return viewFrom(issue.id, created);
  } catch (error) {
    if (uniqueViolation(error) === "issue_links_pair_unique") {
      throw new DomainError("RESOURCE_ALREADY_EXISTS", "These issues are already linked this way");
    }
    throw error;
  }
}

export async function removeLink(ctx: AuthenticatedContext, issueId: string, linkId: string): Promise<string> {
  const { issue } = await requireIssueAccess(ctx.db, ctx.actor, issueId, "contribute");
  if (!isUuid(linkId)) throw notFound("Issue link");
  const removed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(issueLinks)
      .where(
        and(
          eq(issueLinks.id, linkId),
          eq(issueLinks.tenantId, ctx.actor.tenantId),
          or(eq(issueLinks.sourceIssueId, issue.id), eq(issueLinks.targetIssueId, issue.id)),
        ),
      )
      .returning();
    if (!row) return null;
    const ends = await tx
      .select({ id: issues.id, tenantId: issues.tenantId, projectId: issues.projectId })
      .from(issues)
      .where(anyOf(issues.id, [row.sourceIssueId, row.targetIssueId]));
    await appendEvents(tx, ...linkChangeEvents(ctx, ends, { removed: row.id }));
    return row;
  });
  if (!removed) throw notFound("Issue link");
  return removed.id;
}

const other = alias(issues, "other_issue");
const otherProject = alias(projects, "other_project");

/**
 * Administrators see every live project of their tenant, so their statement has no membership test.
 * Only the far end of each link is joined and checked: the issues asked about are ones the caller
 * could already read (see `createLoaders`), and PostgreSQL replans this statement on each run
 * (docs/decisions/010-issue-links-far-end.md).
 */
const linksOfIssuesQuery = (db: Database, admin: boolean) => {
  const name = admin ? "links_of_issues_admin" : "links_of_issues";
  const viewer = { admin, tenantId: sql.placeholder("tenantId"), userId: sql.placeholder("userId") };
  const ids = sql.placeholder("ids");
  const farEnd = sql`case when ${anyOf(issueLinks.sourceIssueId, ids)} then ${issueLinks.targetIssueId} else ${issueLinks.sourceIssueId} end`;
  return preparedQuery(db, name, (db) =>
    db
      .select({ link: issueLinks })
      .from(issueLinks)
      .innerJoin(other, and(eq(other.id, farEnd), isNull(other.deletedAt)))
      .innerJoin(otherProject, eq(otherProject.id, other.projectId))
      .where(
        and(
          eq(issueLinks.tenantId, sql.placeholder("tenantId")),
          or(anyOf(issueLinks.sourceIssueId, ids), anyOf(issueLinks.targetIssueId, ids)),
          visibleProjectsTo(viewer, otherProject),
        ),
      )
      .orderBy(issueLinks.createdAt, issueLinks.id)
      .prepare(name),
  );
};

/**
 * Links of the given issues in one statement, keeping only those whose
 * other issue is live and visible to the actor, so a link never reveals an
 * issue of a hidden project. The given issues must be ones the actor can read.
 */
export async function linksOfIssues(db: Database, actor: Actor, issueIds: readonly string[]): Promise<Map<string, LinkView[]>> {
  const rows = await linksOfIssuesQuery(db, isTenantAdmin(actor)).execute({ tenantId: actor.tenantId, userId: actor.userId, ids: [...issueIds] });
  const byIssue = new Map<string, LinkView[]>(issueIds.map((id) => [id, []]));
  for (const { link } of rows) {
    for (const id of [link.sourceIssueId, link.targetIssueId]) byIssue.get(id)?.push(viewFrom(id, link));
  }
  return byIssue;
}

/**
 * Links of `issueId` that `actor` can see to live issues: links to deleted
 * issues, or to issues of projects hidden from the actor, are not counted.
 */
export async function visibleLinkCount(db: Database, actor: Actor, issueId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(issueLinks)
    .innerJoin(
      other,
      or(
        and(eq(issueLinks.sourceIssueId, issueId), eq(other.id, issueLinks.targetIssueId)),
        and(eq(issueLinks.targetIssueId, issueId), eq(other.id, issueLinks.sourceIssueId)),
      ),
    )
    .innerJoin(otherProject, eq(otherProject.id, other.projectId))
    .where(and(isNull(other.deletedAt), visibleProjects(actor, otherProject)));
  return row?.value ?? 0;
}
