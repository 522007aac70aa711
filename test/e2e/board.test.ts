import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { launchChromium } from "../helpers/browser";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

const OUTPUT = new URL("../../test-output/", import.meta.url);

describe("the example board in Chromium", () => {
  let app: TestApp;
  let browser: Browser;
  let admin: SignedIn;
  let member: SignedIn;
  let project: { id: string; key: string };
  let task: { id: string; key: string };
  let bug: { id: string; key: string };
  let doomed: { id: string; key: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // In production mode, so the board runs under the production Content-Security-Policy.
    [app, browser] = await Promise.all([startTestApp({ NODE_ENV: "production" }), launchChromium()]);
    admin = await registerWorkspace(app);
    member = await addMember(app, admin);
    project = await createProject(app, admin, { name: "Mobile app" });
    await addToProject(app, admin, project.id, member.user.id);
    // Bugs are resolved only with a resolution: the refused move below.
    await app.rest("POST", "/api/v1/workflows", {
      token: admin.token,
      body: {
        name: "Bugs",
        project_id: project.id,
        issue_types: ["Bug"],
        states: [{ name: "Open", type: "initial" }, { name: "Done", type: "final" }],
        transitions: [
          { name: "Resolve", from_state: "Open", to_state: "Done", validators: [{ type: "field_required", field: "resolution" }] },
          { name: "Reopen", from_state: "Done", to_state: "Open" },
        ],
      },
    });
    task = await createIssue(app, admin, project.id, { summary: "Offline mode", issue_type: "Task", assignee_id: member.user.id });
    bug = await createIssue(app, admin, project.id, { summary: "Crash on rotate", issue_type: "Bug" });
    doomed = await createIssue(app, admin, project.id, { summary: "Duplicate of something", issue_type: "Task" });
    mkdirSync(OUTPUT, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function signedIn(user: SignedIn): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => void pageErrors.push(error.message));
    page.on("console", (message) => void (message.type() === "error" && pageErrors.push(message.text())));
    page.on("request", (request) => {
      if (!request.url().startsWith(app.url) && !request.url().startsWith(app.url.replace("http", "ws"))) throw new Error(`request elsewhere: ${request.url()}`);
    });
    await page.goto(app.url);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(`li[data-key="${task.key}"]`).waitFor();
    return page;
  }

  const cardIn = (page: Page, state: string, key: string) => page.locator(`.column[data-state="${state}"] li[data-key="${key}"]`);

  it("moves, creates and deletes cards live between two signed-in users, and rolls back a refused move with its reason", async () => {
    const [mine, theirs] = await Promise.all([signedIn(admin), signedIn(member)]);
    for (const page of [mine, theirs]) {
      expect(await page.locator(".column h3").allTextContents()).toEqual(["Open", "In Progress", "Done", "Closed"]);
    }

    // Drag and drop in one browser; the other sees the card move.
    await mine.dragAndDrop(`li[data-key="${task.key}"]`, '.column[data-state="In Progress"]');
    await cardIn(mine, "In Progress", task.key).waitFor();
    await cardIn(theirs, "In Progress", task.key).waitFor({ timeout: 2000 });

    // From the keyboard: the card's move select.
    await theirs.getByLabel(`Move ${task.key}`).selectOption("Done");
    await cardIn(mine, "Done", task.key).waitFor({ timeout: 2000 });

    // A new issue appears in the other browser.
    await mine.getByLabel("New issue summary").fill("Dark mode");
    await mine.getByRole("button", { name: "Create" }).click();
    await theirs.locator(".column[data-state='Open'] li", { hasText: "Dark mode" }).waitFor({ timeout: 2000 });

    // Refused by the workflow: the card comes back and the reason is shown.
    await mine.getByLabel(`Move ${bug.key}`).selectOption("Done");
    await expect.poll(() => mine.getByRole("alert").textContent()).toContain("a resolution is required");
    await cardIn(mine, "Open", bug.key).waitFor();
    expect(await cardIn(mine, "Done", bug.key).count()).toBe(0);

    // A deletion through the REST door leaves both boards.
    expect((await app.rest("DELETE", `/api/v1/issues/${doomed.id}`, { token: admin.token })).status).toBe(204);
    for (const page of [mine, theirs]) await page.locator(`li[data-key="${doomed.key}"]`).waitFor({ state: "detached", timeout: 2000 });

    expect(pageErrors).toEqual([]);
    await mine.screenshot({ path: new URL("board-admin.png", OUTPUT).pathname });
    await theirs.screenshot({ path: new URL("board-member.png", OUTPUT).pathname });
  });

  it("opens an issue with its comments and history", async () => {
    await app.rest("POST", `/api/v1/issues/${task.id}/comments`, { token: member.token, body: { content: "Works on the train now" } });
    const page = await signedIn(member);
    await page.locator(`li[data-key="${task.key}"] .key`).click();
    const panel = page.getByLabel("Issue details");
    await panel.getByText("Works on the train now").waitFor();
    await panel.getByText("changed status: Open → In Progress").waitFor();
  });

  it("refreshes its token before it expires and keeps the board live across the socket's reconnection", async () => {
    // Tokens that live 8 s: the board refreshes at 6 s; the server closes the socket at 8 s (4401) and the board reconnects.
    const shortLived = await startTestApp({ ACCESS_TOKEN_TTL: "8" });
    try {
      const owner = await registerWorkspace(shortLived);
      const board = await createProject(shortLived, owner);
      const card = await createIssue(shortLived, owner, board.id, { issue_type: "Task" });
      const context = await browser.newContext();
      const page = await context.newPage();
      const refreshed = page.waitForResponse((response) => response.url().endsWith("/api/v1/auth/refresh") && response.status() === 200, { timeout: 15_000 });
      await page.goto(shortLived.url);
      await page.getByLabel("Email").fill(owner.email);
      await page.getByLabel("Password").fill(owner.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.locator(`li[data-key="${card.key}"]`).waitFor();
      await refreshed;
      await new Promise((resolve) => setTimeout(resolve, 9_000));
      const fresh = await shortLived.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: owner.password } });
      await shortLived.rest("PATCH", `/api/v1/issues/${card.id}`, { token: fresh.body.data.access_token, body: { status: "Done" } });
      await page.locator(`.column[data-state="Done"] li[data-key="${card.key}"]`).waitFor({ timeout: 3000 });
      expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(1);
      await context.close();
    } finally {
      await shortLived.stop();
    }
  }, 60_000);

  it("shows the demo workspace of npm run seed (the README's screenshot)", async () => {
    const demo = await startTestApp();
    try {
      const owner = await registerWorkspace(demo);
      const seeded = await demo.rest("POST", "/api/v1/admin/test-data/seed", { token: owner.token, body: { projects: 1, issues_per_project: 24 } });
      expect(seeded.status).toBe(201);
      const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
      const page = await context.newPage();
      await page.goto(demo.url);
      await page.getByLabel("Email").fill(owner.email);
      await page.getByLabel("Password").fill(owner.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.locator("li.card").count(), { timeout: 10_000 }).toBe(24);
      await page.screenshot({ path: new URL("board-demo.png", OUTPUT).pathname });
      await context.close();
    } finally {
      await demo.stop();
    }
  }, 60_000);
});
