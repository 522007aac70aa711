import { z } from "zod";
import { PROJECT_ROLES } from "../../contract/project-roles";
import { SCOPES } from "../../auth/scopes";
import { descriptionField, idField, nameField, withoutNulls } from "../common";
import { LINK_TYPES } from "../../contract/link-types";

export const STATE_TYPES = ["initial", "intermediate", "final"] as const;
export const STATE_CATEGORIES = ["todo", "in_progress", "done"] as const;
/** A transition from this state name leaves from any state. */
export const ANY_STATE = "*";

const oneOf = <const Values extends readonly [string, ...string[]]>(label: string, values: Values) =>
  z.enum(values, { error: `${label} must be one of: ${values.join(", ")}` });
/** Custom fields, as project settings name them, or the issue fields the rules know. */
const fieldName = z.string().trim().regex(/^(assignee_id|resolution|[a-z][a-z0-9_]{0,49})$/, "Field must be assignee_id, resolution or a custom field key");

/** GraphQL sends every parameter of the flat rule input, null where unused; the rule's own type says which it needs. */
const rule = <Options extends readonly [z.ZodObject, ...z.ZodObject[]]>(label: string, options: Options) => {
  const types = options.map((option) => (option.shape as { type: z.ZodLiteral<string> }).type.value);
  return z.preprocess(
    (input) => withoutNulls(input),
    z.discriminatedUnion("type", options, { error: `${label} type must be one of: ${types.join(", ")}` }),
  );
};

const conditionSchema = rule("Condition", [
  z.object({ type: z.literal("project_role"), roles: z.array(oneOf("Role", PROJECT_ROLES)).min(1, "Name at least one role").max(3) }),
  z.object({ type: z.literal("assignee_only") }),
  z.object({ type: z.literal("reporter_only") }),
  z.object({ type: z.literal("scope"), scope: oneOf("Scope", SCOPES) }),
]);

const validatorSchema = rule("Validator", [
  z.object({ type: z.literal("field_required"), field: fieldName }),
  z.object({ type: z.literal("comment_required") }),
  z.object({ type: z.literal("linked_issues_in_category"), linkType: oneOf("Link type", LINK_TYPES as [string, ...string[]]), category: oneOf("Category", STATE_CATEGORIES) }),
]);

const postFunctionSchema = rule("Post function", [
  z.object({ type: z.literal("assign_to"), who: oneOf("Who", ["reporter", "caller", "none"]) }),
  z.object({ type: z.literal("set_field"), field: fieldName.refine((field) => field !== "assignee_id", "Use assign_to to set the assignee"), value: z.string().trim().max(255).nullish() }),
]);

const stateSchema = z.object({
  id: idField("State id").nullish(),
  name: nameField("State name", 50).refine((name) => name !== ANY_STATE, "'*' is not a state name"),
  type: oneOf("State type", STATE_TYPES),
  category: oneOf("Category", STATE_CATEGORIES).nullish(),
});

const transitionSchema = z.object({
  id: idField("Transition id").nullish(),
  name: nameField("Transition name", 100),
  fromState: nameField("from_state", 50),
  toState: nameField("to_state", 50),
  conditions: z.array(conditionSchema).max(10).nullish(),
  validators: z.array(validatorSchema).max(10).nullish(),
  postFunctions: z.array(postFunctionSchema).max(10).nullish(),
});

const stateMappingSchema = z
  .array(z.object({ from: nameField("from", 50), to: nameField("to", 50) }))
  .max(100)
  .transform((pairs) => new Map(pairs.map((pair) => [pair.from, pair.to])));

const issueTypesField = z.array(nameField("Issue type", 50)).max(50).transform((types) => [...new Set(types)]);

export const createWorkflowSchema = z.object({
  name: nameField("Name", 100),
  description: descriptionField(2000).optional(),
  projectId: idField("Project id").nullish(),
  issueTypes: issueTypesField,
  isActive: z.boolean().nullish(),
  states: z.array(stateSchema).min(1, "A workflow needs states").max(50, "At most 50 states"),
  transitions: z.array(transitionSchema).max(200, "At most 200 transitions"),
  /** Where issues it takes over go when their status is not one of its states. */
  stateMapping: stateMappingSchema.optional(),
});

/** Changes to a workflow; absent fields stay. `stateMapping` says where issues in removed states go. */
export const updateWorkflowSchema = z.object({
  name: nameField("Name", 100).optional(),
  description: descriptionField(2000).optional(),
  issueTypes: issueTypesField.optional(),
  isActive: z.boolean().optional(),
  states: createWorkflowSchema.shape.states.optional(),
  transitions: createWorkflowSchema.shape.transitions.optional(),
  stateMapping: stateMappingSchema.optional(),
});

export const deleteWorkflowSchema = z.object({ stateMapping: stateMappingSchema.optional() });

export const listWorkflowsSchema = z.object({ projectId: idField("project_id").nullish(), active: z.boolean().nullish() });

export const executeTransitionSchema = z.object({
  workflowId: idField("Workflow id").nullish(),
  issueId: idField("Issue id"),
  transitionId: idField("Transition id"),
  comment: z.string().trim().max(50_000, "Comment must be at most 50000 characters").nullish(),
});

export type CreateWorkflowInput = z.output<typeof createWorkflowSchema>;
export type StateInput = z.output<typeof stateSchema>;
export type TransitionInput = z.output<typeof transitionSchema>;
