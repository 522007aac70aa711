import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import type { IssueRow } from "../../db/tables";
import { CommentConnection } from "../../schema/comment";
import { ConnectionArgs } from "../../schema/common";
import { CreateIssueInput, IssuesArgs, UpdateIssueInput, Attachment, CreateIssuePayload, DeleteIssuePayload, Issue, IssueConnection, IssueHistoryConnection, IssueLink, UpdateIssuePayload } from "../../schema/issue";
import { Project } from "../../schema/project";
import { User } from "../../schema/user";
import { issues } from "../../services/issue";
import { authenticated, requireRelated, type GraphQLContext } from "../../graphql/context";
import { pageWindow, toConnection, idempotent, fieldsOnNodes, preloadIssueUsers } from "../common";
import { issueColumnsFor } from "./issue-columns";

@Resolver(() => Issue)
export class IssueResolver {
  @Query(() => IssueConnection, { description: "Issues of projects you can see." })
  async issues(
    @Args(() => IssuesArgs) { first, after, filters, sort }: IssuesArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const window = pageWindow(first, after);
    const selected = fieldsOnNodes(info);
    const { page, project } = await issues.listIssues(authenticated(ctx), filters ?? {}, sort, window, issueColumnsFor(selected));
    // Each issue's `project` then comes from the loader without a second read of the row just checked.
    if (project) ctx.loaders.project.prime(project.id, project);
    await preloadIssueUsers(ctx, selected, page.rows);
    return toConnection(page);
  }

  @Query(() => Issue, { description: "An issue of a project you can see." })
  async issue(@Arg("id", () => ID, { description: "Issue id." }) id: string, @Ctx() ctx: GraphQLContext) {
    const { issue, project } = await issues.getIssue(authenticated(ctx), id);
    ctx.loaders.project.prime(project.id, project);
    return issue;
  }

  @Mutation(() => CreateIssuePayload, { description: "Create an issue; it gets the next key of its project." })
  async createIssue(@Arg("input", () => CreateIssueInput, { description: "The issue." }) input: CreateIssueInput, @Ctx() ctx: GraphQLContext) {
    const actor = authenticated(ctx);
    return idempotent(actor, "createIssue", input, async (fields) => ({ issue: await issues.createIssue(actor, fields) }), {
      idOf: (payload) => payload.issue.id,
      load: async (id) => ({ issue: (await issues.getIssue(actor, id)).issue }),
    });
  }

  @Mutation(() => UpdateIssuePayload, { description: "Change an issue; every changed field is recorded in its history." })
  async updateIssue(
    @Arg("id", () => ID, { description: "Issue id." }) id: string,
    @Arg("input", () => UpdateIssueInput, { description: "Fields to change." }) input: UpdateIssueInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { issue: await issues.updateIssue(authenticated(ctx), id, input) };
  }

  @Mutation(() => DeleteIssuePayload, { description: "Delete an issue that has no links (reporter or project admins)." })
  async deleteIssue(@Arg("id", () => ID, { description: "Issue id." }) id: string, @Ctx() ctx: GraphQLContext) {
    return { deletedId: await issues.deleteIssue(authenticated(ctx), id) };
  }

  @FieldResolver(() => Project, { description: "The project the issue belongs to." })
  project(@Root() issue: IssueRow, @Ctx() ctx: GraphQLContext) {
    return requireRelated(ctx.loaders.project.get(issue.projectId), "project");
  }

  @FieldResolver(() => User, { nullable: true, description: "Who works on it, if anyone." })
  assignee(@Root() issue: IssueRow, @Ctx() ctx: GraphQLContext) {
    return issue.assigneeId ? ctx.loaders.user.get(issue.assigneeId) : null;
  }

  @FieldResolver(() => User, { description: "Who created it." })
  reporter(@Root() issue: IssueRow, @Ctx() ctx: GraphQLContext) {
    return requireRelated(ctx.loaders.user.get(issue.reporterId), "reporter");
  }

  @FieldResolver(() => [Attachment], {
    description: "Attached files. Attachments are not stored yet, so this is always empty; uploading files comes with a later version.",
  })
  attachments() {
    return [];
  }

  @FieldResolver(() => [IssueLink], { description: "Links to issues you can see, worded from this issue." })
  links(@Root() issue: IssueRow, @Ctx() ctx: GraphQLContext) {
    // A deleted issue reaches readers only as an `issue.deleted` event's subject. Links to projects its
    // deleter could not see may outlive it; they belong to no live issue, and the loader trusts its ids to be readable.
    return issue.deletedAt ? [] : ctx.loaders.linksOfIssue.load(issue.id);
  }

  @FieldResolver(() => CommentConnection, { description: "Comments, oldest first." })
  async comments(@Root() issue: IssueRow, @Args(() => ConnectionArgs) { first, after }: ConnectionArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await ctx.loaders.commentsOfIssue.load({ parentId: issue.id, window: pageWindow(first, after) }));
  }

  @FieldResolver(() => IssueHistoryConnection, { description: "Recorded field changes, oldest first." })
  async history(@Root() issue: IssueRow, @Args(() => ConnectionArgs) { first, after }: ConnectionArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await ctx.loaders.historyOfIssue.load({ parentId: issue.id, window: pageWindow(first, after) }));
  }
}
