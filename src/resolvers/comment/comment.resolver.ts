import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { CommentRow } from "../../db/tables";
import { CommentInput, UpdateCommentInput, Comment, CommentPayload, DeleteCommentPayload } from "../../schema/comment";
import { User } from "../../schema/user";
import { comments } from "../../services/comment";
import { authenticated, requireRelated, type GraphQLContext } from "../../graphql/context";

@Resolver(() => Comment)
export class CommentResolver {
  @Mutation(() => CommentPayload, { description: "Comment on an issue (contributors; viewers cannot)." })
  async addComment(
    @Arg("issueId", () => ID, { description: "Issue id." }) issueId: string,
    @Arg("input", () => CommentInput, { description: "The comment." }) input: CommentInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { comment: await comments.addComment(authenticated(ctx), issueId, input) };
  }

  @Mutation(() => CommentPayload, { description: "Edit a comment (its author or project admins)." })
  async updateComment(
    @Arg("id", () => ID, { description: "Comment id." }) id: string,
    @Arg("input", () => UpdateCommentInput, { description: "The new text." }) input: UpdateCommentInput,
    @Ctx() ctx: GraphQLContext,
    @Arg("issueId", () => ID, { nullable: true, description: "When given, the comment must belong to this issue." }) issueId?: string,
  ) {
    return { comment: await comments.updateComment(authenticated(ctx), id, issueId, input) };
  }

  @Mutation(() => DeleteCommentPayload, { description: "Delete a comment (its author or project admins)." })
  async deleteComment(
    @Arg("id", () => ID, { description: "Comment id." }) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("issueId", () => ID, { nullable: true, description: "When given, the comment must belong to this issue." }) issueId?: string,
  ) {
    return { deletedId: await comments.deleteComment(authenticated(ctx), id, issueId) };
  }

  @FieldResolver(() => User, { description: "Who wrote it." })
  author(@Root() comment: CommentRow, @Ctx() ctx: GraphQLContext) {
    return requireRelated(ctx.loaders.user.get(comment.authorId), "comment author");
  }
}
