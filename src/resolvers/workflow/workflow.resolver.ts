import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { IssueRow, WorkflowRow } from "../../db/tables";
import { ConnectionArgs } from "../../schema/common";
import { Issue } from "../../schema/issue";
import {
  AvailableTransition,
  CreateWorkflowInput,
  DeleteWorkflowPayload,
  ExecuteTransitionInput,
  StateMappingInput,
  TransitionExecution,
  UpdateWorkflowInput,
  Workflow,
  WorkflowConnection,
} from "../../schema/workflow";
import { executeTransition } from "../../services/issue";
import { governingWorkflow, workflows } from "../../services/workflow";
import { authenticated, type GraphQLContext } from "../../graphql/context";
import { pageWindow, toConnection } from "../common";

@ArgsType()
class WorkflowsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Workflows this project's issues can follow: its own and the workspace's." })
  projectId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only active (true) or inactive (false) workflows." })
  active?: boolean | null;
}

@Resolver(() => Workflow)
export class WorkflowResolver {
  @Query(() => WorkflowConnection, { description: "Workflows you can see (the workspace's and your projects'), oldest first." })
  async workflows(@Args(() => WorkflowsArgs) { first, after, projectId, active }: WorkflowsArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await workflows.listWorkflows(authenticated(ctx), { projectId, active }, pageWindow(first, after)));
  }

  @Query(() => Workflow, { description: "A workflow you can see." })
  workflow(@Arg("id", () => ID, { description: "Workflow id." }) id: string, @Ctx() ctx: GraphQLContext) {
    return workflows.getWorkflow(authenticated(ctx), id);
  }

  @Mutation(() => Workflow, { description: "Create a workflow: project administrators for their projects, workspace administrators for the workspace." })
  createWorkflow(@Arg("input", () => CreateWorkflowInput, { description: "The workflow." }) input: CreateWorkflowInput, @Ctx() ctx: GraphQLContext) {
    return workflows.createWorkflow(authenticated(ctx), input);
  }

  @Mutation(() => Workflow, { description: "Change a workflow; issues in states it loses move by `stateMapping`." })
  updateWorkflow(
    @Arg("id", () => ID, { description: "Workflow id." }) id: string,
    @Arg("input", () => UpdateWorkflowInput, { description: "Fields to change." }) input: UpdateWorkflowInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return workflows.updateWorkflow(authenticated(ctx), id, input);
  }

  @Mutation(() => DeleteWorkflowPayload, { description: "Delete a workflow (not a project's default); its issues follow the workflow that governs them next." })
  async deleteWorkflow(
    @Arg("id", () => ID, { description: "Workflow id." }) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("stateMapping", () => [StateMappingInput], { nullable: true, description: "Where issues go whose status the next workflow lacks." }) stateMapping?: StateMappingInput[] | null,
  ) {
    return { deletedId: await workflows.deleteWorkflow(authenticated(ctx), id, { stateMapping }) };
  }

  @Mutation(() => TransitionExecution, { description: "Run a transition on an issue (seed 001 §6.1 execute): its conditions, validators and post functions, with history." })
  async executeTransition(@Arg("input", () => ExecuteTransitionInput, { description: "Issue, transition and comment." }) input: ExecuteTransitionInput, @Ctx() ctx: GraphQLContext) {
    const done = await executeTransition(authenticated(ctx), input);
    return { ...done, issueId: done.issue.id, executedBy: await ctx.loaders.user.load(done.executedBy) };
  }
}

@Resolver(() => Issue)
export class IssueWorkflowResolver {
  @FieldResolver(() => Workflow, { nullable: true, description: "The workflow it follows: its project's for its type, else the workspace's, else its project's default." })
  async workflow(@Root() issue: IssueRow, @Ctx() ctx: GraphQLContext): Promise<WorkflowRow | null> {
    return governingWorkflow(await ctx.loaders.workflowsOfProject.load(issue.projectId), issue.projectId, issue.issueType);
  }

  @FieldResolver(() => [AvailableTransition], { description: "Transitions out of its state, each saying whether you can use it now and, if not, why." })
  async availableTransitions(@Root() issue: IssueRow, @Ctx() ctx: GraphQLContext): Promise<AvailableTransition[]> {
    const options = await ctx.loaders.transitionsOfIssue.load(issue);
    return options.map(({ transition, ...judged }) => ({ id: transition.id, name: transition.name, toState: transition.toState, ...judged }));
  }
}
