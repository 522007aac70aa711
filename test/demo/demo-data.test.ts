import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, login, registerWorkspace, type SignedIn } from "../helpers/factories";

const SEED = `mutation Seed($input: SeedTestDataInput) { seedTestData(input: $input) { users projects issues comments links } }`;

describe("test data (seed 000 §16)", () => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await registerWorkspace(app);
  }, 60_000);
  afterAll(() => app.stop());

  const projectsOf = async (who: SignedIn) => (await app.rest("GET", "/api/v1/projects?per_page=100", { token: who.token })).body.data as { id: string; key: string; name: string }[];

  it("seeds a workspace through REST that looks like real use: members, every status, history, comments, links", async () => {
    const seeded = await app.rest("POST", "/api/v1/admin/test-data/seed", { token: admin.token, body: { projects: 2, issues_per_project: 12 } });
    expect(seeded.status).toBe(201);
    expect(seeded.body.data).toMatchObject({ users: 6, projects: 2, issues: 24 });
    const demo = (await projectsOf(admin)).filter((project) => project.name.endsWith("(demo)"));
    expect(demo).toHaveLength(2);

    const issues = (await app.rest("GET", `/api/v1/issues?project_id=${demo[0]!.id}&per_page=100`, { token: admin.token })).body.data as any[];
    expect(issues).toHaveLength(12);
    expect(new Set(issues.map((issue) => issue.status)).size).toBeGreaterThan(1);
    expect(new Set(issues.map((issue) => issue.reporter.id)).size).toBeGreaterThan(1);
    const moved = issues.find((issue) => issue.status !== "Open")!;
    const history = (await app.rest("GET", `/api/v1/issues/${moved.id}/history`, { token: admin.token })).body.data as any[];
    expect(history.some((entry) => entry.field === "status")).toBe(true);
    const members = (await app.rest("GET", `/api/v1/projects/${demo[0]!.id}/members`, { token: admin.token })).body.data;
    expect(members.length).toBe(7);
  });

  it("seeds through GraphQL too, again without clashing with the first run", async () => {
    const seeded = await app.gql(SEED, { input: { projects: 1, issuesPerProject: 3 } }, admin.token);
    expect(seeded.body.errors).toBeUndefined();
    expect(seeded.body.data.seedTestData).toMatchObject({ users: 6, projects: 1, issues: 3 });
  });

  it("refuses what is out of bounds, and callers who are not workspace administrators", async () => {
    const tooMany = await app.rest("POST", "/api/v1/admin/test-data/seed", { token: admin.token, body: { projects: 9, issues_per_project: 0 } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual(["issues_per_project", "projects"]);
    const member = await addMember(app, admin);
    expect((await app.rest("POST", "/api/v1/admin/test-data/seed", { token: member.token })).status).toBe(403);
    expect((await app.rest("POST", "/api/v1/admin/test-data/reset", { token: member.token })).status).toBe(403);
    expect((await app.rest("POST", "/api/v1/admin/test-data/seed")).status).toBe(401);
  });

  it("resets only its own workspace's demo: projects deleted, demo users deactivated, the rest untouched", async () => {
    const other = await registerWorkspace(app);
    await app.rest("POST", "/api/v1/admin/test-data/seed", { token: other.token, body: { projects: 1, issues_per_project: 1 } });
    const kept = await app.rest("POST", "/api/v1/projects", { token: admin.token, body: { key: "KEEP", name: "Real work", project_type: "software" } });

    const reset = await app.rest("POST", "/api/v1/admin/test-data/reset", { token: admin.token });
    expect(reset.status).toBe(200);
    expect(reset.body.data).toEqual({ projects: 3, users: 12 });
    expect((await projectsOf(admin)).map((project) => project.id)).toEqual([kept.body.data.id]);
    const users = (await app.rest("GET", "/api/v1/users?per_page=100", { token: admin.token })).body.data as { email: string; is_active?: boolean }[];
    expect(users.filter((user) => user.email.endsWith("@demo.invalid")).every((user) => user.is_active === false)).toBe(true);
    expect(await projectsOf(other)).toHaveLength(1);
    expect((await app.rest("POST", "/api/v1/admin/test-data/reset", { token: admin.token })).body.data).toEqual({ projects: 0, users: 0 });
  });

  it("npm run seed makes a demo workspace on the running API and prints how to sign in", async () => {
    const child = spawn("npm", ["run", "-s", "seed"], { env: { ...process.env, API_URL: app.url, SEED_PROJECTS: "1", SEED_ISSUES: "4" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toContain("Demo workspace: 1 projects, 4 issues");
    const [, email, password] = /Sign in as (\S+) with password (\S+)/.exec(output)!;
    const owner = await login(app, email!, password!);
    expect((await projectsOf(owner)).map((project) => project.name)).toEqual(["Mobile app (demo)"]);
  }, 60_000);

  it("does not exist in production", async () => {
    const production = await startTestApp({ NODE_ENV: "production" });
    try {
      const owner = await registerWorkspace(production);
      const refused = await production.rest("POST", "/api/v1/admin/test-data/seed", { token: owner.token });
      expect(refused.status).toBe(404);
      expect((await production.gql(SEED, {}, owner.token)).body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
    } finally {
      await production.stop();
    }
  });
});
