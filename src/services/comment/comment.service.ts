import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { forbidden, requireIssueAccess } from "../../auth/access";
import { canChangeComment } from "../../auth/policies/issue.policy";
import { comments, type CommentRow } from "../../db/tables";
import { isUuid } from "../../db/uuid";
import { notFound } from "../../errors/domain-error";
import { type AuthenticatedContext, parseInput } from "../common";
import { appendEvents } from "../../events/outbox";
import { issueEvent } from "../issue";
import { expectedUpdatedAtField, lockUnchangedSince } from "../../db/queries/optimistic-lock";

const contentSchema = z.object({
  content: z
    .string({ error: "Content is required" })
    .trim()
    .min(1, "Content is required")
    .max(10_000, "Content must be at most 10000 characters"),
});

/** Contributors comment; viewers cannot. */
export async function addComment(ctx: AuthenticatedContext, issueId: string, input: unknown): Promise<CommentRow> {
  const { content } = parseInput(contentSchema, input);
  const { issue } = await requireIssueAccess(ctx.db, ctx.actor, issueId, "contribute");
  return ctx.db.transaction(async (tx) => {
    const [comment] = await tx
      .insert(comments)
      .values({ tenantId: issue.tenantId, issueId: issue.id, authorId: ctx.actor.userId, content })
      .returning();
    await appendEvents(tx, { ...issueEvent(ctx, issue), type: "comment.created", payload: { commentId: comment!.id } });
    return comment!;
  });
}

/** A live comment of a visible issue, and whether the actor may change it. */
async function requireChangeableComment(ctx: AuthenticatedContext, commentId: string, issueId?: string | null) {
  if (!isUuid(commentId)) throw notFound("Comment");
  const [comment] = await ctx.db
    .select()
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.tenantId, ctx.actor.tenantId), isNull(comments.deletedAt)));
  if (!comment || (issueId && comment.issueId !== issueId.toLowerCase())) throw notFound("Comment");
  const { role, issue } = await requireIssueAccess(ctx.db, ctx.actor, comment.issueId, "read").catch(() => {
    throw notFound("Comment");
  });
  if (!canChangeComment(ctx.actor, role, comment)) throw forbidden("Only the author or a project administrator can change this comment");
  return { comment, issue };
}

export async function updateComment(ctx: AuthenticatedContext, commentId: string, issueId: string | null | undefined, input: unknown) {
  const { content, expectedUpdatedAt } = parseInput(contentSchema.extend({ expectedUpdatedAt: expectedUpdatedAtField }), input);
  const { comment, issue } = await requireChangeableComment(ctx, commentId, issueId);
  return ctx.db.transaction(async (tx) => {
    await lockUnchangedSince(tx, comments, comment.id, expectedUpdatedAt);
    const [updated] = await tx
      .update(comments)
      .set({ content, updatedAt: sql`now()` })
      .where(eq(comments.id, comment.id))
      .returning();
    await appendEvents(tx, { ...issueEvent(ctx, issue), type: "comment.updated", payload: { commentId: comment.id } });
    return updated!;
  });
}

export async function deleteComment(ctx: AuthenticatedContext, commentId: string, issueId?: string | null): Promise<string> {
  const { comment, issue } = await requireChangeableComment(ctx, commentId, issueId);
  await ctx.db.transaction(async (tx) => {
    await tx.update(comments).set({ deletedAt: sql`now()` }).where(eq(comments.id, comment.id));
    await appendEvents(tx, { ...issueEvent(ctx, issue), type: "comment.deleted", payload: { commentId: comment.id } });
  });
  return comment.id;
}
