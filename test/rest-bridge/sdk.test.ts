import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../../sdk";
import { startTestApp, type TestApp } from "../helpers/app";
import { PASSWORD, registerWorkspace, type SignedIn } from "../helpers/factories";

describe("a legacy integration through the typed REST client (sdk/)", () => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await registerWorkspace(app);
  }, 60_000);
  afterAll(() => app.stop());

  it("signs in, files an issue, moves it, comments, and reads it back", async () => {
    let token: string | undefined;
    const api = createApiClient({ baseUrl: app.url, token: () => token });

    const refused = await api.GET("/projects");
    expect(refused.response.status).toBe(401);
    expect(refused.error?.error.code).toBe("UNAUTHORIZED");

    const signedIn = await api.POST("/auth/login", { body: { email: admin.email, password: PASSWORD } });
    token = signedIn.data!.data.access_token;

    const project = (await api.POST("/projects", { body: { key: "SDK", name: "Integration", project_type: "software" } })).data!.data;
    const filed = await api.POST("/issues", { body: { project_id: project.id, summary: "Imported from the old tracker", issue_type: "Task", priority: "High" } });
    expect(filed.response.status).toBe(201);
    const issue = filed.data!.data;
    expect(issue.key).toBe("SDK-1");

    const moved = await api.PUT("/issues/{id}", { params: { path: { id: issue.id } }, body: { status: "In Progress" } });
    expect(moved.data!.data.status).toBe("In Progress");
    await api.POST("/issues/{id}/comments", { params: { path: { id: issue.id } }, body: { content: "Synced" } });

    const listed = await api.GET("/issues", { params: { query: { project_id: project.id, status: "In Progress", per_page: 10 } } });
    expect(listed.data!.data.map((item) => item.key)).toEqual(["SDK-1"]);
    expect(listed.data!.pagination).toEqual({ page: 1, per_page: 10, total: 1, total_pages: 1 });
    const comments = await api.GET("/issues/{id}/comments", { params: { path: { id: issue.id } } });
    expect(comments.data!.data.map((comment) => comment.content)).toEqual(["Synced"]);

    const missing = await api.GET("/issues/{id}", { params: { path: { id: "00000000-0000-4000-8000-000000000000" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe("RESOURCE_NOT_FOUND");
  });
});
