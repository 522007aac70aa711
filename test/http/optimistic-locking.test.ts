import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let admin: SignedIn;
let projectId: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await registerWorkspace(app);
  projectId = (await createProject(app, admin)).id;
});
afterAll(() => app.stop());

const staleTime = "2001-01-01T00:00:00.000Z";

function expectConflict(response: { status: number; body: any }, door: "rest" | "graphql") {
  if (door === "rest") {
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: "RESOURCE_CONFLICT", details: { current_updated_at: expect.any(String) } });
  } else {
    expect(response.body.errors[0].extensions).toMatchObject({ code: "RESOURCE_CONFLICT", details: { current_updated_at: expect.any(String) } });
  }
}

describe("expectedUpdatedAt", () => {
  it("applies an issue update made on the version read, and refuses one made on an older version, in both doors", async () => {
    const issue = await createIssue(app, admin, projectId);
    const mutation = `mutation($id: ID!, $input: UpdateIssueInput!) { updateIssue(id: $id, input: $input) { issue { summary updatedAt } } }`;

    const applied = await app.gql(mutation, { id: issue.id, input: { summary: "First edit", expectedUpdatedAt: issue.updated_at } }, admin.token);
    expect(applied.body.errors).toBeUndefined();
    const afterFirst = applied.body.data.updateIssue.issue.updatedAt;

    // A second writer still holding the original version loses, through either door, and nothing changes.
    expectConflict(await app.gql(mutation, { id: issue.id, input: { summary: "Lost", expectedUpdatedAt: issue.updated_at } }, admin.token), "graphql");
    const rest = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: "Lost", expected_updated_at: issue.updated_at } });
    expectConflict(rest, "rest");
    expect(rest.body.error.details.current_updated_at).toBe(afterFirst);
    const current = await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token });
    expect(current.body.data.summary).toBe("First edit");

    const again = await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: "Second edit", expected_updated_at: afterFirst } });
    expect(again.status).toBe(200);
    expect(again.body.data.summary).toBe("Second edit");
  });

  it("guards projects, users and comments alike", async () => {
    const project = await createProject(app, admin);
    expectConflict(
      await app.gql(`mutation($id: ID!) { updateProject(id: $id, input: { name: "Renamed", expectedUpdatedAt: "${staleTime}" }) { project { id } } }`, { id: project.id }, admin.token),
      "graphql",
    );
    const fresh = await app.gql(
      `mutation($id: ID!, $at: DateTime!) { updateProject(id: $id, input: { name: "Renamed", expectedUpdatedAt: $at }) { project { name } } }`,
      { id: project.id, at: project.updated_at },
      admin.token,
    );
    expect(fresh.body.data.updateProject.project.name).toBe("Renamed");

    const member = await addMember(app, admin);
    expectConflict(
      await app.rest("PUT", `/api/v1/users/${member.user.id}`, { token: admin.token, body: { first_name: "Changed", expected_updated_at: staleTime } }),
      "rest",
    );
    // With nothing else to change, the guard still answers.
    expectConflict(await app.rest("PATCH", `/api/v1/users/${member.user.id}`, { token: admin.token, body: { expected_updated_at: staleTime } }), "rest");

    const issue = await createIssue(app, admin, projectId);
    const comment = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content: "Original" } });
    expectConflict(
      await app.rest("PUT", `/api/v1/issues/${issue.id}/comments/${comment.body.data.id}`, {
        token: admin.token,
        body: { content: "Edited", expected_updated_at: staleTime },
      }),
      "rest",
    );
    const edited = await app.gql(
      `mutation($id: ID!, $at: DateTime) { updateComment(id: $id, input: { content: "Edited", expectedUpdatedAt: $at }) { comment { content } } }`,
      { id: comment.body.data.id, at: comment.body.data.updated_at },
      admin.token,
    );
    expect(edited.body.data.updateComment.comment.content).toBe("Edited");
  });

  it("rejects a value that is not a date-time", async () => {
    const issue = await createIssue(app, admin, projectId);
    const response = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { expected_updated_at: "yesterday" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
  });
});

describe("If-Match on REST writes", () => {
  it("applies a write to the version whose ETag it names and answers 412 once that version is gone", async () => {
    const issue = await createIssue(app, admin, projectId);
    const read = await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token });
    const etag = read.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);

    const applied = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: "With If-Match" }, headers: { "if-match": etag } });
    expect(applied.status).toBe(200);

    const stale = await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: "Lost update" }, headers: { "if-match": etag } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe("PRECONDITION_FAILED");
    const current = await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token });
    expect(stale.body.error.details.current_etag).toBe(current.headers.get("etag"));
    expect(stale.headers.get("etag")).toBe(current.headers.get("etag"));
    expect(current.body.data.summary).toBe("With If-Match");

    expect((await app.rest("DELETE", `/api/v1/issues/${issue.id}`, { token: admin.token, headers: { "if-match": etag } })).status).toBe(412);
    const listed = `"other", ${current.headers.get("etag")}`;
    expect((await app.rest("DELETE", `/api/v1/issues/${issue.id}`, { token: admin.token, headers: { "if-match": listed } })).status).toBe(204);
  });

  it("treats * as 'exists', and refuses If-Match where the resource has no ETag", async () => {
    const project = await createProject(app, admin);
    expect((await app.rest("PATCH", `/api/v1/projects/${project.id}`, { token: admin.token, body: { name: "Starred" }, headers: { "if-match": "*" } })).status).toBe(200);
    const missing = await app.rest("PATCH", `/api/v1/projects/00000000-0000-4000-8000-000000000000`, { token: admin.token, body: { name: "x" }, headers: { "if-match": "*" } });
    expect(missing.status).toBe(404);

    const issue = await createIssue(app, admin, projectId);
    const comment = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content: "Original" } });
    const noTag = await app.rest("PUT", `/api/v1/issues/${issue.id}/comments/${comment.body.data.id}`, {
      token: admin.token,
      body: { content: "Edited" },
      headers: { "if-match": '"anything"' },
    });
    expect(noTag.status).toBe(412);
  });

  it("checks the caller's access before comparing tags", async () => {
    const other = await registerWorkspace(app);
    const issue = await createIssue(app, admin, projectId);
    const response = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: other.token, body: { summary: "x" }, headers: { "if-match": "*" } });
    expect(response.status).toBe(404);
  });
});
