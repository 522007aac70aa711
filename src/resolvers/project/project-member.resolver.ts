import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { ProjectMemberRow } from "../../db/tables";
import { ConnectionArgs } from "../../schema/common";
import {
  AddProjectMemberInput,
  UpdateProjectMemberInput,
  ProjectMember,
  ProjectMemberConnection,
  ProjectMemberPayload,
  RemoveProjectMemberPayload,
} from "../../schema/project";
import { User } from "../../schema/user";
import { members } from "../../services/project";
import { authenticated, requireRelated, type GraphQLContext } from "../../graphql/context";
import { pageWindow, toConnection } from "../common";

@Resolver(() => ProjectMember)
export class ProjectMemberResolver {
  @Query(() => ProjectMemberConnection, { description: "A page of a project's members with their roles, in joining order (REST `GET /projects/{id}/members`)." })
  async projectMembers(
    @Arg("projectId", () => ID, { description: "Project id." }) projectId: string,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    return toConnection(await members.listMembers(authenticated(ctx), projectId, pageWindow(first, after)));
  }

  @Mutation(() => ProjectMemberPayload, { description: "Add a user of your workspace to a project (project admins)." })
  async addProjectMember(
    @Arg("projectId", () => ID, { description: "Project id." }) projectId: string,
    @Arg("input", () => AddProjectMemberInput, { description: "User and role." }) input: AddProjectMemberInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { member: await members.addMember(authenticated(ctx), { ...input, projectId }) };
  }

  @Mutation(() => ProjectMemberPayload, { description: "Change a member's role (project admins)." })
  async updateProjectMember(
    @Arg("projectId", () => ID, { description: "Project id." }) projectId: string,
    @Arg("userId", () => ID, { description: "The member's user id." }) userId: string,
    @Arg("input", () => UpdateProjectMemberInput, { description: "The new role." }) input: UpdateProjectMemberInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { member: await members.updateMemberRole(authenticated(ctx), { ...input, projectId, userId }) };
  }

  @Mutation(() => RemoveProjectMemberPayload, { description: "Remove a member other than the lead (project admins)." })
  async removeProjectMember(
    @Arg("projectId", () => ID, { description: "Project id." }) projectId: string,
    @Arg("userId", () => ID, { description: "The member's user id." }) userId: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    const removed = await members.removeMember(authenticated(ctx), { projectId, userId });
    return { projectId: removed.projectId, userId: removed.userId };
  }

  @FieldResolver(() => User, { description: "The member." })
  user(@Root() member: ProjectMemberRow, @Ctx() ctx: GraphQLContext) {
    return requireRelated(ctx.loaders.user.get(member.userId), "member user");
  }
}
