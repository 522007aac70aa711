import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import type { ProjectRow } from "../../db/tables";
import { ConnectionArgs } from "../../schema/common";
import { IssueConnection } from "../../schema/issue";
import { CreateProjectInput, ProjectsArgs, UpdateProjectInput, CreateProjectPayload, DeleteProjectPayload, Project, ProjectConnection, ProjectMember, ProjectStatistics, UpdateProjectPayload } from "../../schema/project";
import { User } from "../../schema/user";
import { projects } from "../../services/project";
import { authenticated, requireRelated, type GraphQLContext } from "../../graphql/context";
import { issueColumnsFor } from "../issue";
import { fieldsOnNodes, preloadIssueUsers, pageWindow, toConnection, idempotent } from "../common";

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => ProjectConnection, { description: "Projects you can see: all of the workspace for admins, your memberships otherwise." })
  async projects(@Args(() => ProjectsArgs) { first, after, ...filter }: ProjectsArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await projects.listProjects(authenticated(ctx), filter, pageWindow(first, after)));
  }

  @Query(() => Project, { description: "A project you can see." })
  async project(@Arg("id", () => ID, { description: "Project id." }) id: string, @Ctx() ctx: GraphQLContext) {
    const project = await projects.getProject(authenticated(ctx), id);
    ctx.loaders.project.prime(project.id, project);
    return project;
  }

  @Mutation(() => CreateProjectPayload, { description: "Create a project; you and the lead become its admins." })
  async createProject(@Arg("input", () => CreateProjectInput, { description: "The project." }) input: CreateProjectInput, @Ctx() ctx: GraphQLContext) {
    const actor = authenticated(ctx);
    return idempotent(actor, "createProject", input, async (fields) => ({ project: await projects.createProject(actor, fields) }), {
      idOf: (payload) => payload.project.id,
      load: async (id) => ({ project: await projects.getProject(actor, id) }),
    });
  }

  @Mutation(() => UpdateProjectPayload, { description: "Change a project (project admins)." })
  async updateProject(
    @Arg("id", () => ID, { description: "Project id." }) id: string,
    @Arg("input", () => UpdateProjectInput, { description: "Fields to change." }) input: UpdateProjectInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { project: await projects.updateProject(authenticated(ctx), id, input) };
  }

  @Mutation(() => DeleteProjectPayload, { description: "Delete a project with its issues and comments (admins)." })
  async deleteProject(@Arg("id", () => ID, { description: "Project id." }) id: string, @Ctx() ctx: GraphQLContext) {
    return { deletedId: await projects.deleteProject(authenticated(ctx), id) };
  }

  @FieldResolver(() => User, { description: "The project lead." })
  lead(@Root() project: ProjectRow, @Ctx() ctx: GraphQLContext) {
    return requireRelated(ctx.loaders.user.get(project.leadId), "lead");
  }

  @FieldResolver(() => ProjectStatistics, { description: "Live issue counts by status category." })
  async statistics(@Root() project: ProjectRow, @Ctx() ctx: GraphQLContext) {
    return projects.categorise(project.settings, await ctx.loaders.issueCountsByStatus.load(project.id));
  }

  @FieldResolver(() => [ProjectMember], {
    description: "Every member with their role, in joining order, as one list (seed 001's shape, not paged); `projectMembers` pages them.",
  })
  members(@Root() project: ProjectRow, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.membersOfProject.load(project.id);
  }

  @FieldResolver(() => IssueConnection, { description: "The project's issues, newest first." })
  async issues(
    @Root() project: ProjectRow,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const window = pageWindow(first, after);
    const selected = fieldsOnNodes(info);
    const page = await ctx.loaders.issuesOfProject.load({ parentId: project.id, window, columns: issueColumnsFor(selected) });
    await preloadIssueUsers(ctx, selected, page.rows);
    return toConnection(page);
  }
}
