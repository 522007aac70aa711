import { Field, ID, InputType } from "type-graphql";

@InputType({ description: "A state; give the id of an existing one to keep it." })
export class WorkflowStateInput {
  @Field(() => ID, { nullable: true, description: "Id of the state this one keeps." })
  id?: string | null;

  @Field(() => String, { description: "Name, 1–50 characters, unique in the workflow." })
  name!: string;

  @Field(() => String, { description: "`initial`, `intermediate` or `final`." })
  type!: string;

  @Field(() => String, { nullable: true, description: "`todo`, `in_progress` or `done`; default from the type." })
  category?: string | null;
}

@InputType({ description: "A condition, validator or post function: `type` and the parameters it uses (see WorkflowRule)." })
export class WorkflowRuleInput {
  @Field(() => String, { description: "The rule's type; unknown types are refused." })
  type!: string;

  @Field(() => [String], { nullable: true, description: "`project_role`: roles that may use the transition." })
  roles?: string[] | null;

  @Field(() => String, { nullable: true, description: "`scope`: the scope required." })
  scope?: string | null;

  @Field(() => String, { nullable: true, description: "`field_required`, `set_field`: `assignee_id`, `resolution` or a custom field key." })
  field?: string | null;

  @Field(() => String, { nullable: true, description: "`linked_issues_in_category`: the relation, e.g. `blocks`." })
  linkType?: string | null;

  @Field(() => String, { nullable: true, description: "`linked_issues_in_category`: `todo`, `in_progress` or `done`." })
  category?: string | null;

  @Field(() => String, { nullable: true, description: "`assign_to`: `reporter`, `caller` or `none`." })
  who?: string | null;

  @Field(() => String, { nullable: true, description: "`set_field`: the value." })
  value?: string | null;
}

@InputType({ description: "A transition; give the id of an existing one to keep it." })
export class WorkflowTransitionInput {
  @Field(() => ID, { nullable: true, description: "Id of the transition this one keeps." })
  id?: string | null;

  @Field(() => String, { description: "Name, 1–100 characters." })
  name!: string;

  @Field(() => String, { description: "A state name, or `*` for any state." })
  fromState!: string;

  @Field(() => String, { description: "A state name." })
  toState!: string;

  @Field(() => [WorkflowRuleInput], { nullable: true, description: "Who may use it." })
  conditions?: WorkflowRuleInput[] | null;

  @Field(() => [WorkflowRuleInput], { nullable: true, description: "What must hold." })
  validators?: WorkflowRuleInput[] | null;

  @Field(() => [WorkflowRuleInput], { nullable: true, description: "What it does besides." })
  postFunctions?: WorkflowRuleInput[] | null;
}

@InputType({ description: "Where issues in a state that goes away move." })
export class StateMappingInput {
  @Field(() => String, { description: "The status issues are in." })
  from!: string;

  @Field(() => String, { description: "The state they move to." })
  to!: string;
}

@InputType({ description: "A new workflow (seed 001 §6.1)." })
export class CreateWorkflowInput {
  @Field(() => String, { description: "Name, 1–100 characters." })
  name!: string;

  @Field(() => String, { nullable: true, description: "What it is for." })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: "Its project (project administrators); absent: the workspace's (workspace administrators)." })
  projectId?: string | null;

  @Field(() => [String], { description: "Issue types it governs (at least one)." })
  issueTypes!: string[];

  @Field(() => Boolean, { nullable: true, description: "Whether it governs issues now; default true." })
  isActive?: boolean | null;

  @Field(() => [WorkflowStateInput], { description: "States in board order: one initial, at least one final." })
  states!: WorkflowStateInput[];

  @Field(() => [WorkflowTransitionInput], { description: "Transitions; every state must be reachable from the initial one." })
  transitions!: WorkflowTransitionInput[];

  @Field(() => [StateMappingInput], { nullable: true, description: "Where issues it takes over go when their status is not one of its states." })
  stateMapping?: StateMappingInput[] | null;
}

@InputType({ description: "Changes to a workflow; absent fields stay." })
export class UpdateWorkflowInput {
  @Field(() => String, { nullable: true, description: "New name." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "New description." })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: "New issue types." })
  issueTypes?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "Activate or deactivate." })
  isActive?: boolean | null;

  @Field(() => [WorkflowStateInput], { nullable: true, description: "The new list of states." })
  states?: WorkflowStateInput[] | null;

  @Field(() => [WorkflowTransitionInput], { nullable: true, description: "The new list of transitions." })
  transitions?: WorkflowTransitionInput[] | null;

  @Field(() => [StateMappingInput], { nullable: true, description: "Where issues in removed states go; required when any are (409 otherwise)." })
  stateMapping?: StateMappingInput[] | null;
}

@InputType({ description: "A transition to run on an issue (seed 001 §6.1 execute)." })
export class ExecuteTransitionInput {
  @Field(() => ID, { nullable: true, description: "The workflow it belongs to; when given, it must be the one the issue follows." })
  workflowId?: string | null;

  @Field(() => ID, { description: "The issue to move." })
  issueId!: string;

  @Field(() => ID, { description: "The transition, from the issue's `availableTransitions`." })
  transitionId!: string;

  @Field(() => String, { nullable: true, description: "A comment added to the issue with the move." })
  comment?: string | null;
}
