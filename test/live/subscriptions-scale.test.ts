import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/http/server";
import { startSecondInstance, startTestApp, type TestApp } from "../helpers/app";
import { createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
import { connect, eventually, settle, subscribe, type LiveClient } from "../helpers/live";

const ISSUE_UPDATED = `subscription($p: ID!) { issueUpdated(projectId: $p) { id summary assignee { id } reporter { id displayName } project { key } } }`;

let app: TestApp;
let admin: SignedIn;
let project: { id: string };
const clients: LiveClient[] = [];

beforeAll(async () => {
  // Statements are counted per request: no job worker polling beside them.
  app = await startTestApp({ JOB_WORKERS: "false" });
  admin = await registerWorkspace(app);
  project = await createProject(app, admin);
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await app.stop();
});

describe("fan-out", () => {
  it("does the database work once per event, whatever the number of subscribers", async () => {
    const statementsForOneUpdate = async (subscribers: number) => {
      const client = connect(app.url, admin.token);
      clients.push(client);
      const feeds = Array.from({ length: subscribers }, () => subscribe(client, ISSUE_UPDATED, { p: project.id }));
      await settle(300);
      const issue = await createIssue(app, admin, project.id);
      await Promise.all(feeds.map((feed) => feed.waitFor(1)));
      const before = app.server.database.statementCount();
      await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: `for ${subscribers}` } });
      await Promise.all(feeds.map((feed) => feed.waitFor(2)));
      await settle(100);
      for (const feed of feeds) feed.stop();
      return app.server.database.statementCount() - before;
    };
    const one = await statementsForOneUpdate(1);
    const many = await statementsForOneUpdate(25);
    expect(many).toBe(one);
  });
});

/** Cross-instance delivery and reconnection need a server PostgreSQL; PGlite serves one process. */
describe.runIf(process.env.DATABASE_URL)("on PostgreSQL", () => {
  let second: RunningServer;
  beforeAll(async () => {
    second = await startSecondInstance(app);
  });
  afterAll(() => second.stop());

  it("delivers a change made through instance A to a subscriber on instance B", async () => {
    const client = connect(second.url, admin.token);
    clients.push(client);
    const feed = subscribe(client, ISSUE_UPDATED, { p: project.id });
    await settle(300);
    await createIssue(app, admin, project.id, { summary: "from A" });
    const [item] = await feed.waitFor(1);
    expect(item.issueUpdated).toMatchObject({ summary: "from A", reporter: { id: admin.user.id } });
    feed.stop();
  });

  it("catches up in order after its listening connection is killed", async () => {
    const client = connect(second.url, admin.token);
    clients.push(client);
    const feed = subscribe(client, ISSUE_UPDATED, { p: project.id });
    await settle(300);
    const connectionsBefore = second.bus.connections;
    const admin_sql = postgres(app.databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      const killed = await admin_sql`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`;
      expect(killed.length).toBeGreaterThanOrEqual(1);
    } finally {
      await admin_sql.end();
    }
    const summaries = Array.from({ length: 8 }, (_, index) => `during outage ${index}`);
    for (const summary of summaries) await createIssue(app, admin, project.id, { summary });
    await eventually(() => second.bus.connections > connectionsBefore, 15_000, "listener reconnect");
    const items = await feed.waitFor(summaries.length, 15_000);
    expect(items.map((item) => item.issueUpdated.summary)).toEqual(summaries);
  });
});
