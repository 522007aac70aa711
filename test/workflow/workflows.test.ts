import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
import { AVAILABLE, bugWorkflow, createWorkflow, transitionNamed } from "./workflow-helpers";

let app: TestApp;
let admin: SignedIn;
let member: SignedIn;

beforeAll(async () => {
  app = await startTestApp();
  admin = await registerWorkspace(app);
  member = await addMember(app, admin);
}, 60_000);

afterAll(() => app.stop());

describe("default workflow", () => {
  it("every new project gets one from its statuses, and status changes work as before", async () => {
    const project = await createProject(app, admin);
    const listed = await app.rest("GET", `/api/v1/workflows?project_id=${project.id}`, { token: admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.pagination.total).toBe(1);
    const [workflow] = listed.body.data;
    expect(workflow).toMatchObject({ project_id: project.id, issue_types: [], is_active: true, is_default: true });
    expect(workflow.states.map((state: any) => [state.name, state.type, state.category])).toEqual([
      ["Open", "initial", "todo"],
      ["In Progress", "intermediate", "in_progress"],
      ["Done", "final", "done"],
      ["Closed", "final", "done"],
    ]);
    const issue = await createIssue(app, admin, project.id, { issue_type: "Task" });
    expect(issue.status).toBe("Open");
    const moved = await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { status: "Closed" } });
    expect(moved.status).toBe(200);
    expect(moved.body.data.status).toBe("Closed");
    const history = await app.rest("GET", `/api/v1/issues/${issue.id}/history`, { token: admin.token });
    expect(history.body.data.map((entry: any) => entry.field)).toEqual(["status", "transition"]);
    expect(history.body.data[1].to).toMatchObject({ name: "Closed", workflow_id: workflow.id, to_state: "Closed" });
  });

  it("follows the project's statuses, and the project follows its states", async () => {
    const project = await createProject(app, admin);
    await app.rest("PUT", `/api/v1/projects/${project.id}`, { token: admin.token, body: { settings: { statuses: ["Open", "Doing", "Done"], closed_statuses: ["Done"] } } });
    const { body } = await app.rest("GET", `/api/v1/workflows?project_id=${project.id}`, { token: admin.token });
    const workflow = body.data[0];
    expect(workflow.states.map((state: any) => state.name)).toEqual(["Open", "Doing", "Done"]);
    expect(workflow.transitions.map((transition: any) => [transition.from_state, transition.to_state])).toEqual([
      ["*", "Open"],
      ["*", "Done"],
      ["*", "Doing"],
    ]);
    const states = [...workflow.states.map(({ id, name, type }: any) => ({ id, name, type })), { name: "Review", type: "intermediate" }];
    const transitions = [...workflow.transitions.map(({ id, name, from_state, to_state }: any) => ({ id, name, from_state, to_state })), { name: "Review", from_state: "Doing", to_state: "Review" }];
    const updated = await app.rest("PUT", `/api/v1/workflows/${workflow.id}`, { token: admin.token, body: { states, transitions } });
    expect(updated.status).toBe(200);
    expect(updated.body.data.states.slice(0, 3).map((state: any) => state.id)).toEqual(workflow.states.map((state: any) => state.id));
    const settings = (await app.rest("GET", `/api/v1/projects/${project.id}`, { token: admin.token })).body.data.settings;
    expect(settings.statuses).toEqual(["Open", "Doing", "Done", "Review"]);
  });

  it("cannot be deleted, deactivated or narrowed to issue types", async () => {
    const project = await createProject(app, admin);
    const [workflow] = (await app.rest("GET", `/api/v1/workflows?project_id=${project.id}`, { token: admin.token })).body.data;
    expect((await app.rest("DELETE", `/api/v1/workflows/${workflow.id}`, { token: admin.token })).body.error.code).toBe("RESOURCE_CONFLICT");
    const refused = await app.rest("PATCH", `/api/v1/workflows/${workflow.id}`, { token: admin.token, body: { is_active: false, issue_types: ["Bug"] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((detail: any) => detail.field).sort()).toEqual(["issue_types"]);
  });
});

describe("defining workflows", () => {
  it("creates the seed's example and answers in the §6.1 shape", async () => {
    const project = await createProject(app, admin);
    const workflow = await createWorkflow(app, admin, bugWorkflow(project.id));
    expect(workflow).toMatchObject({ name: "Bug workflow", project_id: project.id, issue_types: ["Bug"], is_active: true, is_default: false });
    expect(workflow.states[1]).toMatchObject({ name: "In Progress", type: "intermediate", category: "in_progress" });
    expect(workflow.transitions[1]).toMatchObject({
      name: "Resolve",
      from_state: "In Progress",
      to_state: "Done",
      conditions: [],
      validators: [
        { type: "field_required", field: "resolution" },
        { type: "linked_issues_in_category", link_type: "blocks", category: "done" },
      ],
    });
    expect(typeof workflow.created_at).toBe("string");
    const read = await app.rest("GET", `/api/v1/workflows/${workflow.id}`, { token: admin.token });
    expect(read.body.data).toEqual(workflow);
  });

  it("refuses a bad definition with a detail per offending state or transition", async () => {
    const project = await createProject(app, admin);
    const refused = await app.rest("POST", "/api/v1/workflows", {
      token: admin.token,
      body: {
        name: "Broken",
        project_id: project.id,
        issue_types: ["Task"],
        states: [
          { name: "A", type: "initial" },
          { name: "B", type: "initial" },
          { name: "A", type: "intermediate" },
          { name: "C", type: "intermediate" },
        ],
        transitions: [{ name: "Go", from_state: "A", to_state: "Nowhere" }],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("VALIDATION_ERROR");
    const fields = refused.body.error.details.map((detail: any) => `${detail.field}: ${detail.message}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        "states.2.name: State A is named twice",
        "states: A workflow needs exactly one initial state; it has 2",
        "states: A workflow needs at least one final state",
        "transitions.0.to_state: No state is named Nowhere",
      ]),
    );
  });

  it("refuses unknown rule types at definition time", async () => {
    const project = await createProject(app, admin);
    const body = bugWorkflow(project.id);
    body.transitions[0]!.conditions = [{ type: "moon_phase" } as never];
    (body.transitions[1]!.validators as unknown[]).push({ type: "field_required" });
    body.transitions[2]!.post_functions = [{ type: "assign_to", who: "nobody" } as never];
    const refused = await app.rest("POST", "/api/v1/workflows", { token: admin.token, body });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((detail: any) => detail.field)).toEqual([
      "transitions.0.conditions.0.type",
      "transitions.1.validators.2.field",
      "transitions.2.post_functions.0.who",
    ]);
    expect(refused.body.error.details[0].message).toContain("Condition type must be one of: project_role, assignee_only, reporter_only, scope");
  });

  it("allows one active workflow per project and issue type: a clash names the other", async () => {
    const project = await createProject(app, admin);
    const first = await createWorkflow(app, admin, bugWorkflow(project.id));
    const clash = await app.rest("POST", "/api/v1/workflows", { token: admin.token, body: { ...bugWorkflow(project.id), name: "Second", issue_types: ["Story", "Bug"] } });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: "RESOURCE_CONFLICT", message: 'Workflow "Bug workflow" already governs Bug', details: { workflow_id: first.id } });
    const inactive = await app.rest("POST", "/api/v1/workflows", { token: admin.token, body: { ...bugWorkflow(project.id), name: "Draft", is_active: false } });
    expect(inactive.status).toBe(201);
    const activated = await app.rest("PATCH", `/api/v1/workflows/${inactive.body.data.id}`, { token: admin.token, body: { is_active: true } });
    expect(activated.status).toBe(409);
    const inactiveList = await app.rest("GET", `/api/v1/workflows?project_id=${project.id}&active=false`, { token: admin.token });
    expect(inactiveList.body.data.map((workflow: any) => workflow.name)).toEqual(["Draft"]);
    expect((await app.rest("GET", "/api/v1/workflows?active=maybe", { token: admin.token })).status).toBe(400);
  });
});

describe("executing transitions", () => {
  let project: { id: string; key: string };
  let workflow: Awaited<ReturnType<typeof createWorkflow>>;

  beforeAll(async () => {
    project = await createProject(app, admin);
    await addToProject(app, admin, project.id, member.user.id, "member");
    workflow = await createWorkflow(app, admin, bugWorkflow(project.id));
  });

  it("says which transitions are available and why the others are not, in both doors", async () => {
    const issue = await createIssue(app, member, project.id);
    const { body } = await app.gql(AVAILABLE, { id: issue.id }, member.token);
    expect(body.data.issue.workflow).toEqual({ id: workflow.id, name: "Bug workflow" });
    expect(body.data.issue.availableTransitions).toEqual([
      {
        id: transitionNamed(workflow, "Start Progress"),
        name: "Start Progress",
        toState: "In Progress",
        available: false,
        needsComment: false,
        reasons: [{ kind: "condition", rule: "assignee_only", message: "only the assignee may use it, and nobody is assigned" }],
      },
    ]);
    await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: member.token, body: { assignee_id: member.user.id } });
    const rest = await app.rest("GET", `/api/v1/issues/${issue.id}/transitions`, { token: member.token });
    expect(rest.status).toBe(200);
    expect(rest.body.data).toEqual([{ id: transitionNamed(workflow, "Start Progress"), name: "Start Progress", to_state: "In Progress", available: true, needs_comment: false, reasons: [] }]);
  });

  it("executes through REST with the §6.1 answer, and refuses a blocked transition with reasons", async () => {
    const blocker = await createIssue(app, member, project.id, { summary: "Blocker", issue_type: "Task" });
    const issue = await createIssue(app, member, project.id, { assignee_id: member.user.id });
    await app.rest("POST", `/api/v1/issues/${blocker.id}/links`, { token: member.token, body: { type: "blocks", issue_id: issue.id } });
    const started = await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, {
      token: member.token,
      body: { issue_id: issue.id, transition_id: transitionNamed(workflow, "Start Progress"), comment: "Moving to next state" },
    });
    expect(started.status).toBe(200);
    expect(started.body.data).toMatchObject({
      issue_id: issue.id,
      transition_id: transitionNamed(workflow, "Start Progress"),
      from_state: "Open",
      to_state: "In Progress",
      executed_by: { id: member.user.id, username: member.user.username },
    });
    expect(Date.parse(started.body.data.executed_at)).not.toBeNaN();
    const comments = await app.rest("GET", `/api/v1/issues/${issue.id}/comments`, { token: member.token });
    expect(comments.body.data.map((comment: any) => comment.content)).toEqual(["Moving to next state"]);

    const resolve = { issue_id: issue.id, transition_id: transitionNamed(workflow, "Resolve") };
    const blocked = await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: member.token, body: resolve });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.code).toBe("WORKFLOW_TRANSITION_INVALID");
    expect(blocked.body.error.details).toEqual([
      { transition_id: resolve.transition_id, rule: "field_required", message: "a resolution is required" },
      { transition_id: resolve.transition_id, rule: "linked_issues_in_category", message: `${blocker.key} (blocks) is not done` },
    ]);

    await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: member.token, body: { resolution: "Fixed" } });
    await app.rest("PUT", `/api/v1/issues/${blocker.id}`, { token: member.token, body: { status: "Done" } });
    const resolved = await app.gql(
      `mutation Run($input: ExecuteTransitionInput!) { executeTransition(input: $input) { fromState toState issue { status resolution assignee { id } } } }`,
      { input: { issueId: issue.id, transitionId: resolve.transition_id } },
      member.token,
    );
    expect(resolved.body.data.executeTransition).toEqual({ fromState: "In Progress", toState: "Done", issue: { status: "Done", resolution: "Fixed", assignee: { id: member.user.id } } });
  });

  it("reopening asks for a comment and the reporter, and clears the resolution", async () => {
    const issue = await createIssue(app, admin, project.id, { assignee_id: member.user.id });
    const run = (user: SignedIn, name: string, comment?: string) =>
      app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: user.token, body: { issue_id: issue.id, transition_id: transitionNamed(workflow, name), comment } });
    expect((await run(member, "Start Progress")).status).toBe(200);
    await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: member.token, body: { resolution: "Fixed" } });
    expect((await run(member, "Resolve")).status).toBe(200);
    const { body } = await app.gql(AVAILABLE, { id: issue.id }, member.token);
    expect(body.data.issue.availableTransitions[0]).toMatchObject({ name: "Reopen", available: false, needsComment: true, reasons: [{ rule: "reporter_only", message: "only the reporter may use it" }] });
    const noComment = await run(admin, "Reopen");
    expect(noComment.body.error.details).toEqual([{ transition_id: transitionNamed(workflow, "Reopen"), rule: "comment_required", message: "a comment is required" }]);
    expect((await run(admin, "Reopen", "Still broken on Android")).status).toBe(200);
    const reopened = await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token });
    expect(reopened.body.data).toMatchObject({ status: "Open", resolution: null });
  });

  it("routes a status change through the workflow: one usable transition runs, otherwise 422 listing what is available", async () => {
    const issue = await createIssue(app, member, project.id, { assignee_id: member.user.id });
    const skipping = await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: member.token, body: { status: "Done" } });
    expect(skipping.status).toBe(422);
    expect(skipping.body.error.code).toBe("WORKFLOW_TRANSITION_INVALID");
    expect(skipping.body.error.details.available_transitions).toEqual([{ transition_id: transitionNamed(workflow, "Start Progress"), name: "Start Progress", to_state: "In Progress" }]);
    const unknown = await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: member.token, body: { status: "Closed" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ field: "status", message: "status must be one of: Open, In Progress, Done" });
    const gql = await app.gql(`mutation Move($id: ID!) { updateIssue(id: $id, input: { status: "In Progress" }) { issue { status } } }`, { id: issue.id }, member.token);
    expect(gql.body.data.updateIssue.issue.status).toBe("In Progress");
    const history = await app.rest("GET", `/api/v1/issues/${issue.id}/history`, { token: member.token });
    expect(history.body.data.at(-1)).toMatchObject({ field: "transition", to: { name: "Start Progress" } });
  });

  it("lets exactly one of many concurrent executions from the same state win; the others answer 409", async () => {
    const issue = await createIssue(app, member, project.id, { assignee_id: member.user.id });
    const body = { issue_id: issue.id, transition_id: transitionNamed(workflow, "Start Progress") };
    const answers = await Promise.all(Array.from({ length: 8 }, () => app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: member.token, body })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const history = await app.rest("GET", `/api/v1/issues/${issue.id}/history`, { token: member.token });
    expect(history.body.data.filter((entry: any) => entry.field === "status")).toHaveLength(1);
  });

  it("refuses viewers with 403, a transition of another workflow with 422, and hides issues and workflows of other workspaces", async () => {
    const viewer = await addMember(app, admin);
    await addToProject(app, admin, project.id, viewer.user.id, "viewer");
    const issue = await createIssue(app, member, project.id, { assignee_id: viewer.user.id });
    const body = { issue_id: issue.id, transition_id: transitionNamed(workflow, "Start Progress") };
    const denied = await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: viewer.token, body });
    expect(denied.status).toBe(403);
    const { body: seen } = await app.gql(AVAILABLE, { id: issue.id }, viewer.token);
    expect(seen.data.issue.availableTransitions[0].reasons).toEqual([{ kind: "condition", rule: "project_role", message: "your project role is read-only" }]);

    const task = await createIssue(app, member, project.id, { issue_type: "Task" });
    const wrong = await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: member.token, body: { ...body, issue_id: task.id } });
    expect(wrong.status).toBe(422);

    const stranger = await registerWorkspace(app);
    expect((await app.rest("GET", `/api/v1/workflows/${workflow.id}`, { token: stranger.token })).status).toBe(404);
    expect((await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: stranger.token, body })).status).toBe(404);
    expect((await app.rest("GET", "/api/v1/workflows", { token: stranger.token })).body.data).toEqual([]);
    const outsider = await addMember(app, admin);
    const visible = await app.rest("GET", "/api/v1/workflows?per_page=100", { token: outsider.token });
    expect(visible.body.data.some((candidate: any) => candidate.project_id === project.id)).toBe(false);
    expect((await app.rest("GET", `/api/v1/workflows/${workflow.id}`, { token: outsider.token })).status).toBe(404);
  });
});

describe("changing a workflow in use", () => {
  it("needs a state mapping to remove a state issues are in, and moves them with history", async () => {
    const project = await createProject(app, admin);
    const workflow = await createWorkflow(app, admin, bugWorkflow(project.id));
    const issue = await createIssue(app, admin, project.id, { assignee_id: admin.user.id });
    await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: admin.token, body: { issue_id: issue.id, transition_id: transitionNamed(workflow, "Start Progress") } });
    const states = [
      { name: "Open", type: "initial" },
      { name: "Done", type: "final" },
    ];
    const transitions = [
      { name: "Finish", from_state: "Open", to_state: "Done" },
      { name: "Reopen", from_state: "Done", to_state: "Open" },
    ];
    const refused = await app.rest("PUT", `/api/v1/workflows/${workflow.id}`, { token: admin.token, body: { states, transitions } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.stranded).toEqual([{ status: "In Progress", issue_type: "Bug", project_id: project.id, issue_count: 1, workflow_id: workflow.id, states: ["Open", "Done"] }]);
    expect((await app.rest("GET", `/api/v1/workflows/${workflow.id}`, { token: admin.token })).body.data.states).toHaveLength(3);

    const mapped = await app.rest("PUT", `/api/v1/workflows/${workflow.id}`, { token: admin.token, body: { states, transitions, state_mapping: [{ from: "In Progress", to: "Open" }] } });
    expect(mapped.status).toBe(200);
    const moved = await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token });
    expect(moved.body.data.status).toBe("Open");
    const history = await app.rest("GET", `/api/v1/issues/${issue.id}/history`, { token: admin.token });
    expect(history.body.data.at(-1)).toMatchObject({ field: "status", from: "In Progress", to: "Open" });
  });

  it("hands issues back to the default workflow when one is deleted", async () => {
    const project = await createProject(app, admin);
    const workflow = await createWorkflow(app, admin, { ...bugWorkflow(project.id), states: [{ name: "Open", type: "initial" }, { name: "Fixed", type: "final" }], transitions: [{ name: "Fix", from_state: "Open", to_state: "Fixed" }] });
    const issue = await createIssue(app, admin, project.id);
    await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: admin.token, body: { issue_id: issue.id, transition_id: transitionNamed(workflow, "Fix") } });
    expect((await app.rest("DELETE", `/api/v1/workflows/${workflow.id}`, { token: admin.token })).status).toBe(409);
    const deleted = await app.rest("DELETE", `/api/v1/workflows/${workflow.id}`, { token: admin.token, body: { state_mapping: [{ from: "Fixed", to: "Done" }] } });
    expect(deleted.status).toBe(204);
    const { body } = await app.gql(AVAILABLE, { id: issue.id }, admin.token);
    expect(body.data.issue).toMatchObject({ status: "Done", workflow: { name: "Default workflow" } });
  });

  it("project administrators manage their projects' workflows; only workspace administrators the workspace's", async () => {
    const project = await createProject(app, member);
    const own = await app.rest("POST", "/api/v1/workflows", { token: member.token, body: bugWorkflow(project.id) });
    // A plain user holds no write:workflows scope (seed 001 §2.3).
    expect(own.status).toBe(403);
    expect(own.body.error.details.required_permission).toBe("write:workflows");
    const workspace = await app.rest("POST", "/api/v1/workflows", { token: admin.token, body: { ...bugWorkflow(null), issue_types: ["Epic"] } });
    expect(workspace.status).toBe(201);
    expect(workspace.body.data.project_id).toBeNull();
    const epic = await createIssue(app, member, project.id, { issue_type: "Epic" });
    const { body } = await app.gql(AVAILABLE, { id: epic.id }, member.token);
    expect(body.data.issue.workflow.id).toBe(workspace.body.data.id);
    await app.rest("DELETE", `/api/v1/workflows/${workspace.body.data.id}`, { token: admin.token });
  });
});

describe("the GraphQL door", () => {
  const FIELDS = "id name projectId issueTypes isActive isDefault states { name type category } transitions { id name fromState toState validators { type field } postFunctions { type who } }";

  it("creates, lists, changes, runs and deletes a workflow, with the REST door's rules and codes", async () => {
    const project = await createProject(app, admin, { settings: { custom_fields: [{ key: "root_cause", name: "Root cause", type: "text" }] } });
    const created = await app.gql(
      `mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { ${FIELDS} } }`,
      {
        input: {
          name: "Stories",
          projectId: project.id,
          issueTypes: ["Story"],
          states: [
            { name: "Open", type: "initial" },
            { name: "Done", type: "final" },
          ],
          transitions: [
            { name: "Finish", fromState: "Open", toState: "Done", validators: [{ type: "field_required", field: "root_cause" }], postFunctions: [{ type: "assign_to", who: "caller" }] },
            { name: "Reopen", fromState: "Done", toState: "Open" },
          ],
        },
      },
      admin.token,
    );
    expect(created.body.errors).toBeUndefined();
    const workflow = created.body.data.createWorkflow;
    expect(workflow).toMatchObject({ name: "Stories", projectId: project.id, issueTypes: ["Story"], isActive: true, isDefault: false });
    expect(workflow.states[1]).toEqual({ name: "Done", type: "final", category: "done" });

    const listed = await app.gql(`query($p: ID) { workflows(projectId: $p, first: 10) { totalCount nodes { name isDefault } } }`, { p: project.id }, admin.token);
    expect(listed.body.data.workflows).toEqual({ totalCount: 2, nodes: [{ name: "Default workflow", isDefault: true }, { name: "Stories", isDefault: false }] });

    const clash = await app.gql(`mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }`, { input: { name: "Again", projectId: project.id, issueTypes: ["Story"], states: [{ name: "Open", type: "initial" }, { name: "Done", type: "final" }], transitions: [{ name: "Go", fromState: "Open", toState: "Done" }] } }, admin.token);
    expect(clash.body.errors[0].extensions).toMatchObject({ code: "RESOURCE_CONFLICT", details: { workflow_id: workflow.id } });

    const story = await createIssue(app, admin, project.id, { issue_type: "Story" });
    const finish = workflow.transitions[0].id;
    const EXECUTE = `mutation($input: ExecuteTransitionInput!) { executeTransition(input: $input) { fromState toState executedBy { id } issue { status assignee { id } } } }`;
    const refused = await app.gql(EXECUTE, { input: { issueId: story.id, transitionId: finish } }, admin.token);
    expect(refused.body.errors[0].extensions).toEqual({ code: "WORKFLOW_TRANSITION_INVALID", details: [{ transition_id: finish, rule: "field_required", message: "root_cause is required" }] });
    await app.rest("PUT", `/api/v1/issues/${story.id}`, { token: admin.token, body: { custom_fields: { root_cause: "Race" } } });
    const ran = await app.gql(EXECUTE, { input: { workflowId: workflow.id, issueId: story.id, transitionId: finish } }, admin.token);
    expect(ran.body.data.executeTransition).toEqual({ fromState: "Open", toState: "Done", executedBy: { id: admin.user.id }, issue: { status: "Done", assignee: { id: admin.user.id } } });

    const renamed = await app.gql(`mutation($id: ID!) { updateWorkflow(id: $id, input: { name: "User stories", isActive: false }) { name isActive } }`, { id: workflow.id }, admin.token);
    expect(renamed.body.data.updateWorkflow).toEqual({ name: "User stories", isActive: false });
    // Deactivated, its Story issues fall back to the default workflow, which has Done.
    const { body } = await app.gql(AVAILABLE, { id: story.id }, admin.token);
    expect(body.data.issue).toMatchObject({ status: "Done", workflow: { name: "Default workflow" } });

    const deleted = await app.gql(`mutation($id: ID!) { deleteWorkflow(id: $id) { deletedId } }`, { id: workflow.id }, admin.token);
    expect(deleted.body.data.deleteWorkflow).toEqual({ deletedId: workflow.id });
    const gone = await app.gql(`query($id: ID!) { workflow(id: $id) { id } }`, { id: workflow.id }, admin.token);
    expect(gone.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
  });
});
