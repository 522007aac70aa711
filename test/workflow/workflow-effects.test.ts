import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
import { connect, eventually, settle, subscribe, type LiveClient } from "../helpers/live";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { AVAILABLE, bugWorkflow, createWorkflow, transitionNamed } from "./workflow-helpers";

let app: TestApp;
let admin: SignedIn;
let member: SignedIn;
let receiver: Receiver;
const clients: LiveClient[] = [];

beforeAll(async () => {
  app = await startTestApp({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
  admin = await registerWorkspace(app);
  member = await addMember(app, admin);
  receiver = await startReceiver();
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await receiver.close();
  await app.stop();
});

describe("what an execution leaves behind", () => {
  it("reaches issueUpdated subscribers once, and webhooks as workflow.transition_executed and issue.status_changed", async () => {
    const project = await createProject(app, admin);
    const hook = await app.rest("POST", "/api/v1/webhooks", {
      token: admin.token,
      body: { url: receiver.url, events: ["workflow.created", "workflow.transition_executed", "issue.status_changed"], filters: { project_id: project.id } },
    });
    expect(hook.status).toBe(201);
    const workflow = await createWorkflow(app, admin, bugWorkflow(project.id));
    const issue = await createIssue(app, admin, project.id, { assignee_id: admin.user.id });
    const live = connect(app.url, admin.token);
    clients.push(live);
    const feed = subscribe(live, `subscription($p: ID!) { issueUpdated(projectId: $p) { id status } }`, { p: project.id });
    await settle(200);
    const run = await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: admin.token, body: { issue_id: issue.id, transition_id: transitionNamed(workflow, "Start Progress") } });
    expect(run.status).toBe(200);
    await feed.waitFor(1);
    await settle(300);
    expect(feed.items).toEqual([{ issueUpdated: { id: issue.id, status: "In Progress" } }]);

    await eventually(() => receiver.of("workflow.transition_executed").length === 1 && receiver.of("issue.status_changed").length === 1 && receiver.of("workflow.created").length === 1, 10_000, "the deliveries");
    const executed = receiver.of("workflow.transition_executed")[0]!.json;
    expect(executed.data).toMatchObject({ issue: { id: issue.id, status: "In Progress" } });
    expect(executed.data.transition).toEqual({ id: transitionNamed(workflow, "Start Progress"), name: "Start Progress", workflow_id: workflow.id, comment_id: null });
    expect(receiver.of("workflow.created")[0]!.json.data.workflow).toEqual({ id: workflow.id, name: "Bug workflow", project_id: project.id });
  });
});

describe("the migration", () => {
  it("gives an existing project the default workflow a new project gets", async () => {
    const project = await createProject(app, admin, { settings: { statuses: ["New", "Doing", "Shipped"], closed_statuses: ["Shipped"] } });
    const made = (await app.rest("GET", `/api/v1/workflows?project_id=${project.id}`, { token: admin.token })).body.data[0];
    const { db } = app.server.database;
    await db.execute(sql`delete from workflows where project_id = ${project.id}`);
    const migration = readFileSync(new URL("../../migrations/0009_workflows.sql", import.meta.url), "utf8");
    const backfill = migration.split("--> statement-breakpoint").at(-1)!.trim().replace(/;$/, "");
    await db.execute(sql.raw(`${backfill} AND p."id" = '${project.id}'`));
    const migrated = (await app.rest("GET", `/api/v1/workflows?project_id=${project.id}`, { token: admin.token })).body.data[0];
    const shape = (workflow: any) => ({
      name: workflow.name,
      description: workflow.description,
      issueTypes: workflow.issue_types,
      flags: [workflow.is_active, workflow.is_default],
      states: workflow.states.map(({ name, type, category }: any) => ({ name, type, category })),
      transitions: workflow.transitions.map(({ id: _id, ...transition }: any) => transition),
    });
    expect(shape(migrated)).toEqual(shape(made));
    const issue = await createIssue(app, admin, project.id);
    expect(issue.status).toBe("New");
  });
});

describe("rules that read the caller", () => {
  it("project_role and scope conditions, and set_field on a custom field", async () => {
    const project = await createProject(app, admin, { settings: { custom_fields: [{ key: "fixed_in", name: "Fixed in", type: "text" }] } });
    await addToProject(app, admin, project.id, member.user.id, "member");
    const workflow = await createWorkflow(app, admin, {
      name: "Releases",
      project_id: project.id,
      issue_types: ["Story"],
      states: [
        { name: "Open", type: "initial" },
        { name: "Released", type: "final" },
      ],
      transitions: [
        {
          name: "Release",
          from_state: "Open",
          to_state: "Released",
          conditions: [{ type: "project_role", roles: ["admin"] }, { type: "scope", scope: "admin:workflows" }],
          validators: [{ type: "field_required", field: "assignee_id" }],
          post_functions: [{ type: "set_field", field: "fixed_in", value: "2.0" }, { type: "assign_to", who: "none" }],
        },
      ],
    });
    const issue = await createIssue(app, member, project.id, { issue_type: "Story" });
    const { body } = await app.gql(AVAILABLE, { id: issue.id }, member.token);
    expect(body.data.issue.availableTransitions[0].reasons.map((reason: any) => reason.message)).toEqual([
      "only project admins may use it",
      "it needs the admin:workflows permission",
      "an assignee is required",
    ]);
    await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { assignee_id: member.user.id } });
    const released = await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: admin.token, body: { issue_id: issue.id, transition_id: workflow.transitions[0]!.id } });
    expect(released.status).toBe(200);
    const after = (await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token })).body.data;
    expect(after).toMatchObject({ status: "Released", assignee: null, custom_fields: { fixed_in: "2.0" } });
  });
});

describe("the board with available transitions", () => {
  const BOARD = `query($id: ID!, $first: Int) { project(id: $id) { issues(first: $first) { nodes {
    id key status availableTransitions { id available reasons { message } } } } } }`;

  it("takes the same number of statements for 5 issues or 50, links included", async () => {
    // Without job workers, whose polling would be counted too.
    const app = await startTestApp({ JOB_WORKERS: "false" });
    const admin = await registerWorkspace(app);
    const project = await createProject(app, admin);
    const workflow = await createWorkflow(app, admin, bugWorkflow(project.id));
    let previous: { id: string } | null = null;
    for (let index = 0; index < 50; index++) {
      const issue: { id: string } = await createIssue(app, admin, project.id, { summary: `Card ${index}`, issue_type: index % 2 ? "Bug" : "Task", assignee_id: admin.user.id });
      if (previous && index % 5 === 0) await app.rest("POST", `/api/v1/issues/${previous.id}/links`, { token: admin.token, body: { type: "blocks", issue_id: issue.id } });
      if (index % 2) await app.rest("POST", `/api/v1/workflows/${workflow.id}/execute`, { token: admin.token, body: { issue_id: issue.id, transition_id: transitionNamed(workflow, "Start Progress") } });
      previous = issue;
    }
    const statementsFor = async (first: number) => {
      await app.gql(BOARD, { id: project.id, first }, admin.token);
      const before = app.server.database.statementCount();
      const response = await app.gql(BOARD, { id: project.id, first }, admin.token);
      expect(response.body.errors).toBeUndefined();
      return { statements: app.server.database.statementCount() - before, nodes: response.body.data.project.issues.nodes };
    };
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(large.nodes).toHaveLength(50);
    expect(large.statements).toBe(small.statements);
    // The session, the project with its role, the page, the workflows, the caller's roles, the links.
    expect(large.statements).toBe(6);
    const blocked = large.nodes.flatMap((node: any) => node.availableTransitions.flatMap((option: any) => option.reasons.map((reason: any) => reason.message)));
    expect(blocked.some((message: string) => / \(blocks\) is not done$/.test(message))).toBe(true);
    await app.stop();
  }, 120_000);
});
