import type { TestApp } from "../helpers/app";
import type { SignedIn } from "../helpers/factories";

/** A bug workflow with a rule of every kind: the running example of docs/workflows.md. */
export const bugWorkflow = (projectId: string | null) => ({
  name: "Bug workflow",
  description: "Bugs are started by their assignee and resolved once nothing blocks them",
  project_id: projectId,
  issue_types: ["Bug"],
  states: [
    { name: "Open", type: "initial" },
    { name: "In Progress", type: "intermediate" },
    { name: "Done", type: "final" },
  ],
  transitions: [
    { name: "Start Progress", from_state: "Open", to_state: "In Progress", conditions: [{ type: "assignee_only" }] },
    {
      name: "Resolve",
      from_state: "In Progress",
      to_state: "Done",
      validators: [
        { type: "field_required", field: "resolution" },
        { type: "linked_issues_in_category", link_type: "blocks", category: "done" },
      ],
      post_functions: [{ type: "assign_to", who: "reporter" }],
    },
    {
      name: "Reopen",
      from_state: "Done",
      to_state: "Open",
      conditions: [{ type: "reporter_only" }],
      validators: [{ type: "comment_required" }],
      post_functions: [{ type: "set_field", field: "resolution", value: null }],
    },
  ],
});

export async function createWorkflow(app: TestApp, user: SignedIn, body: Record<string, unknown>) {
  const response = await app.rest("POST", "/api/v1/workflows", { token: user.token, body });
  if (response.status !== 201) throw new Error(`create workflow failed: ${JSON.stringify(response.body)}`);
  return response.body.data as { id: string; transitions: { id: string; name: string }[]; [field: string]: any };
}

export const transitionNamed = (workflow: { transitions: { id: string; name: string }[] }, name: string) => workflow.transitions.find((transition) => transition.name === name)!.id;

export const AVAILABLE = `query Available($id: ID!) { issue(id: $id) { status workflow { id name }
  availableTransitions { id name toState available needsComment reasons { kind rule message } } } }`;
