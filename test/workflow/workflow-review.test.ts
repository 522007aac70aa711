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

const defaultOf = async (projectId: string) =>
  (await app.rest("GET", `/api/v1/workflows?project_id=${projectId}`, { token: admin.token })).body.data.find((w: any) => w.is_default);

describe("found in review", () => {
  it("an unrelated settings edit leaves the default workflow's edited transitions as they are", async () => {
    const project = await createProject(app, admin);
    const wf = await defaultOf(project.id);
    const transitions = wf.transitions
      .filter((t: any) => t.to_state !== "Done")
      .map(({ id, name, from_state, to_state }: any) => ({ id, name, from_state, to_state }));
    transitions.push({ name: "Resolve", from_state: "In Progress", to_state: "Done", validators: [{ type: "field_required", field: "resolution" }] });
    const put = await app.rest("PUT", `/api/v1/workflows/${wf.id}`, { token: admin.token, body: { transitions } });
    expect(put.status).toBe(200);
    const issue = await createIssue(app, admin, project.id, { issue_type: "Task" });
    expect((await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { status: "In Progress" } })).status).toBe(200);
    expect((await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { status: "Done" } })).status).toBe(422);
    // someone adds a priority
    const settings = await app.rest("PUT", `/api/v1/projects/${project.id}`, { token: admin.token, body: { settings: { priorities: ["Low", "Medium", "High", "Critical", "Trivial"] } } });
    expect(settings.status).toBe(200);
    const after = await defaultOf(project.id);
    const bypass = await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { status: "Done" } });
    expect(bypass.status).toBe(422);
    expect(after.transitions.filter((t: any) => t.to_state === "Done")).toHaveLength(1);
  });

  it("refuses a state or transition id given twice", async () => {
    const project = await createProject(app, admin);
    const wf = await createWorkflow(app, admin, bugWorkflow(project.id));
    const states = wf.states.map((s: any) => ({ id: wf.states[0].id, name: s.name, type: s.type }));
    const transitions = wf.transitions.map((t: any) => ({ id: wf.transitions[0]!.id, name: t.name, from_state: t.from_state, to_state: t.to_state }));
    const put = await app.rest("PUT", `/api/v1/workflows/${wf.id}`, { token: admin.token, body: { states, transitions } });
    expect(put.status).toBe(400);
  });

  it("ignores linked issues the caller cannot see and those of deleted projects", async () => {
    const a = await createProject(app, admin);
    await addToProject(app, admin, a.id, member.user.id, "member");
    const wf = await createWorkflow(app, admin, bugWorkflow(a.id));
    const b = await createProject(app, admin);
    const issue = await createIssue(app, admin, a.id, { assignee_id: member.user.id });
    const blocker = await createIssue(app, admin, b.id, { issue_type: "Task" });
    expect((await app.rest("POST", `/api/v1/issues/${blocker.id}/links`, { token: admin.token, body: { type: "blocks", issue_id: issue.id } })).status).toBe(201);
    await app.rest("POST", `/api/v1/workflows/${wf.id}/execute`, { token: member.token, body: { issue_id: issue.id, transition_id: transitionNamed(wf, "Start Progress") } });
    const links = await app.gql(`query L($id: ID!) { issue(id: $id) { links { id } } }`, { id: issue.id }, member.token);
    const hidden = await app.gql(AVAILABLE, { id: issue.id }, member.token);
    expect(links.body.data.issue.links).toEqual([]);
    expect(JSON.stringify(hidden.body.data.issue.availableTransitions)).not.toContain("blocks");
    await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { resolution: "Fixed" } });
    expect((await app.rest("DELETE", `/api/v1/projects/${b.id}`, { token: admin.token })).status).toBeLessThan(300);
    const run = await app.rest("POST", `/api/v1/workflows/${wf.id}/execute`, { token: admin.token, body: { issue_id: issue.id, transition_id: transitionNamed(wf, "Resolve") } });
    expect(run.status).toBe(200);
  });

  it("judges conditions on the issue as stored, and refuses a type and status change in one request", async () => {
    const project = await createProject(app, admin);
    await addToProject(app, admin, project.id, member.user.id, "member");
    await createWorkflow(app, admin, bugWorkflow(project.id));
    const issue = await createIssue(app, admin, project.id, { assignee_id: admin.user.id });
    const one = await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: member.token, body: { assignee_id: member.user.id, status: "In Progress" } });
    const other = await createIssue(app, admin, project.id, { assignee_id: admin.user.id });
    const swap = await app.rest("PUT", `/api/v1/issues/${other.id}`, { token: member.token, body: { issue_type: "Task", status: "Done" } });
    const back = await app.rest("PUT", `/api/v1/issues/${other.id}`, { token: member.token, body: { issue_type: "Bug" } });
    expect(one.status).toBe(422);
    expect(swap.status).toBe(400);
  });

  it("refuses rules naming a custom field the project does not have", async () => {
    const project = await createProject(app, admin);
    const body = {
      name: "Typos", project_id: project.id, issue_types: ["Task"],
      states: [{ name: "Open", type: "initial" }, { name: "Done", type: "final" }],
      transitions: [{ name: "Finish", from_state: "Open", to_state: "Done", post_functions: [{ type: "set_field", field: "no_such_field", value: "x" }] }],
    };
    const created = await app.rest("POST", "/api/v1/workflows", { token: admin.token, body });
    expect(created.status).toBe(400);
    expect(created.body.error.details[0].message).toBe("Finish: no_such_field is not a custom field of this project");
  });

  it("is not held up by issues of a deleted project", async () => {
    const owner = await registerWorkspace(app);
    const gone = await createProject(app, owner);
    const issue = await createIssue(app, owner, gone.id);
    await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: owner.token, body: { status: "In Progress" } });
    expect((await app.rest("DELETE", `/api/v1/projects/${gone.id}`, { token: owner.token })).status).toBeLessThan(300);
    const body = { name: "Bugs everywhere", project_id: null, issue_types: ["Bug"], states: [{ name: "Open", type: "initial" }, { name: "Done", type: "final" }], transitions: [{ name: "Finish", from_state: "Open", to_state: "Done" }] };
    const created = await app.rest("POST", "/api/v1/workflows", { token: owner.token, body });
    expect(created.status).toBe(201);
  });
});

