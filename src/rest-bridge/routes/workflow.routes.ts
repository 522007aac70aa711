import { PAGE_PARAMETERS, bodyInput, booleanQuery, noContent, optionalBodyInput, pageQuery, paginated, single, stringQuery } from "../mapping";
import type { RestRoute } from "../route";
import { USER_SUMMARY } from "./fields";

const RULE_FIELDS = "type roles scope field linkType category who value";
const WORKFLOW_FIELDS = `id name description projectId issueTypes isActive isDefault states { id name type category }
  transitions { id name fromState toState conditions { ${RULE_FIELDS} } validators { ${RULE_FIELDS} } postFunctions { ${RULE_FIELDS} } }
  createdAt updatedAt`;
const TRANSITION_OPTION_FIELDS = "id name toState available needsComment reasons { kind rule message }";

/** Seed 001 §6.1, plus reading, changing and deleting one workflow, and an issue's available transitions. */
export const workflowRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/workflows",
    query: [
      ...PAGE_PARAMETERS,
      { name: "project_id", description: "Workflows this project's issues can follow: its own and the workspace's" },
      { name: "active", description: "`true` or `false`: only active or inactive workflows", type: "boolean" },
    ],
    operation: `query Workflows($first: Int, $after: String, $projectId: ID, $active: Boolean) {
      workflows(first: $first, after: $after, projectId: $projectId, active: $active) { totalCount nodes { ${WORKFLOW_FIELDS} } } }`,
    variables: (request) => {
      const { first, after } = pageQuery(request);
      return { first, after, projectId: stringQuery(request, "project_id"), active: booleanQuery(request, "active") };
    },
    respond: paginated("workflows"),
  },
  {
    method: "POST",
    path: "/workflows",
    operation: `mutation CreateWorkflow($input: CreateWorkflowInput!) { createWorkflow(input: $input) { ${WORKFLOW_FIELDS} } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: single("createWorkflow"),
    status: 201,
  },
  {
    method: "GET",
    path: "/workflows/:id",
    operation: `query Workflow($id: ID!) { workflow(id: $id) { ${WORKFLOW_FIELDS} } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: single("workflow"),
  },
  {
    method: "PUT",
    path: "/workflows/:id",
    operation: `mutation UpdateWorkflow($id: ID!, $input: UpdateWorkflowInput!) { updateWorkflow(id: $id, input: $input) { ${WORKFLOW_FIELDS} } }`,
    variables: (request) => ({ id: request.params.id, input: bodyInput(request) }),
    respond: single("updateWorkflow"),
  },
  {
    method: "DELETE",
    path: "/workflows/:id",
    bodyVariables: ["stateMapping"],
    operation: `mutation DeleteWorkflow($id: ID!, $stateMapping: [StateMappingInput!]) { deleteWorkflow(id: $id, stateMapping: $stateMapping) { deletedId } }`,
    variables: (request) => ({ id: request.params.id, stateMapping: optionalBodyInput(request)?.stateMapping ?? null }),
    respond: noContent,
    status: 204,
  },
  {
    method: "POST",
    path: "/workflows/:id/execute",
    operation: `mutation ExecuteTransition($input: ExecuteTransitionInput!) {
      executeTransition(input: $input) { issueId transitionId fromState toState executedAt executedBy { ${USER_SUMMARY} } } }`,
    variables: (request) => ({ input: { ...bodyInput(request), workflowId: request.params.id } }),
    respond: single("executeTransition"),
  },
  {
    method: "GET",
    path: "/issues/:id/transitions",
    operation: `query IssueTransitions($id: ID!) { issue(id: $id) { availableTransitions { ${TRANSITION_OPTION_FIELDS} } } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: single("issue.availableTransitions"),
  },
];
