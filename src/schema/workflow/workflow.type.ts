import { Field, ID } from "type-graphql";
import { SimpleObjectType, ConnectionType, DateTime } from "../common";
import { Issue } from "../issue";
import { User } from "../user";

@SimpleObjectType({ description: "A state of a workflow: a value an issue's status can take." })
export class WorkflowState {
  @Field(() => ID, { description: "State id." })
  id!: string;

  @Field(() => String, { description: "Name; issues in this state have it as their `status`." })
  name!: string;

  @Field(() => String, { description: "`initial` (where issues start; exactly one), `intermediate` or `final`." })
  type!: string;

  @Field(() => String, { description: "Board category: `todo`, `in_progress` or `done`." })
  category!: string;
}

@SimpleObjectType({ description: "A condition, validator or post function of a transition: its `type` says which parameters it uses." })
export class WorkflowRule {
  @Field(() => String, {
    description:
      "Conditions: `project_role` (roles), `assignee_only`, `reporter_only`, `scope` (scope). Validators: `field_required` (field), `comment_required`, `linked_issues_in_category` (linkType, category). Post functions: `assign_to` (who), `set_field` (field, value).",
  })
  type!: string;

  @Field(() => [String], { nullable: true, description: "`project_role`: the project roles that may use the transition." })
  roles?: string[] | null;

  @Field(() => String, { nullable: true, description: "`scope`: the permission scope the caller must hold." })
  scope?: string | null;

  @Field(() => String, { nullable: true, description: "`field_required`, `set_field`: `assignee_id`, `resolution` or a custom field key." })
  field?: string | null;

  @Field(() => String, { nullable: true, description: "`linked_issues_in_category`: issues that stand in this relation to the moved one, e.g. `blocks`." })
  linkType?: string | null;

  @Field(() => String, { nullable: true, description: "`linked_issues_in_category`: the category those issues must be in." })
  category?: string | null;

  @Field(() => String, { nullable: true, description: "`assign_to`: `reporter`, `caller` or `none`." })
  who?: string | null;

  @Field(() => String, { nullable: true, description: "`set_field`: the value to set; null clears it." })
  value?: string | null;
}

@SimpleObjectType({ description: "A move between two states, with who may make it (conditions), what must hold (validators) and what it does besides (post functions)." })
export class WorkflowTransition {
  @Field(() => ID, { description: "Transition id, for executeTransition." })
  id!: string;

  @Field(() => String, { description: "Name, e.g. `Start Progress`." })
  name!: string;

  @Field(() => String, { description: "The state it leaves from, or `*` for any state but its target." })
  fromState!: string;

  @Field(() => String, { description: "The state it leads to." })
  toState!: string;

  @Field(() => [WorkflowRule], { description: "Who may use it; all must hold." })
  conditions!: WorkflowRule[];

  @Field(() => [WorkflowRule], { description: "What must be true of the issue; all must hold." })
  validators!: WorkflowRule[];

  @Field(() => [WorkflowRule], { description: "What it does besides moving the issue, in the same transaction, in order." })
  postFunctions!: WorkflowRule[];
}

@SimpleObjectType({ description: "A workflow (seed 001 §6): the states issues of some types move through and the transitions between them." })
export class Workflow {
  @Field(() => ID, { description: "Workflow id." })
  id!: string;

  @Field(() => String, { description: "Name." })
  name!: string;

  @Field(() => String, { nullable: true, description: "What it is for." })
  description!: string | null;

  @Field(() => ID, { nullable: true, description: "Its project; null: the workspace's, usable by every project." })
  projectId!: string | null;

  @Field(() => [String], { description: "Issue types it governs; empty for a project's default workflow, which governs the types no other names." })
  issueTypes!: string[];

  @Field(() => Boolean, { description: "Whether it governs issues now; at most one active workflow per project and issue type." })
  isActive!: boolean;

  @Field(() => Boolean, { description: "The project's default workflow: its states are the project's statuses." })
  isDefault!: boolean;

  @Field(() => [WorkflowState], { description: "States, in board order." })
  states!: WorkflowState[];

  @Field(() => [WorkflowTransition], { description: "Transitions." })
  transitions!: WorkflowTransition[];

  @Field(() => DateTime, { description: "When it was created." })
  createdAt!: Date;

  @Field(() => DateTime, { description: "When it last changed." })
  updatedAt!: Date;
}

export const WorkflowConnection = ConnectionType("Workflow", Workflow);

@SimpleObjectType({ description: "Why a transition cannot be used now." })
export class TransitionBlock {
  @Field(() => String, { description: "`condition` (who may use it) or `validator` (what must hold)." })
  kind!: string;

  @Field(() => String, { description: "The rule's type, e.g. `reporter_only` or `field_required`." })
  rule!: string;

  @Field(() => String, { description: "What to do about it, e.g. `an assignee is required`." })
  message!: string;
}

@SimpleObjectType({ description: "A transition out of an issue's current state, judged for you." })
export class AvailableTransition {
  @Field(() => ID, { description: "Transition id, for executeTransition." })
  id!: string;

  @Field(() => String, { description: "Name." })
  name!: string;

  @Field(() => String, { description: "The state it leads to." })
  toState!: string;

  @Field(() => Boolean, { description: "Whether you can use it now (a comment aside, see needsComment)." })
  available!: boolean;

  @Field(() => Boolean, { description: "It asks for a comment when executed." })
  needsComment!: boolean;

  @Field(() => [TransitionBlock], { description: "Why it cannot be used now; empty when available." })
  reasons!: TransitionBlock[];
}

@SimpleObjectType({ description: "What executing a transition did (seed 001 §6.1)." })
export class TransitionExecution {
  @Field(() => ID, { description: "The issue moved." })
  issueId!: string;

  @Field(() => ID, { description: "The transition executed." })
  transitionId!: string;

  @Field(() => String, { description: "The state it left." })
  fromState!: string;

  @Field(() => String, { description: "The state it is in now." })
  toState!: string;

  @Field(() => DateTime, { description: "When." })
  executedAt!: Date;

  @Field(() => User, { description: "Who executed it." })
  executedBy!: User;

  @Field(() => Issue, { description: "The issue as it is now." })
  issue!: Issue;
}

@SimpleObjectType({ description: "The deleted workflow's id." })
export class DeleteWorkflowPayload {
  @Field(() => ID, { description: "Id of the deleted workflow." })
  deletedId!: string;
}
