import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, PASSWORD, registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let owner: SignedIn;
let member: SignedIn;
let stranger: SignedIn;

beforeAll(async () => {
  app = await startTestApp();
  owner = await registerWorkspace(app);
  member = await addMember(app, owner, { first_name: "Mia", last_name: "Member" });
  stranger = await registerWorkspace(app);
});
afterAll(() => app.stop());

const USER = "id email username firstName lastName displayName avatarUrl isActive roles createdAt updatedAt";

describe("GET /api/v1/users/{id}", () => {
  it("returns the documented fields to anyone in the workspace", async () => {
    const response = await app.rest("GET", `/api/v1/users/${owner.user.id}`, { token: member.token });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.data).sort()).toEqual(
      ["avatar_url", "created_at", "email", "first_name", "id", "is_active", "last_name", "roles", "updated_at", "username"].sort(),
    );
    expect(response.body.data).toMatchObject({ id: owner.user.id, is_active: true, roles: ["user", "admin"] });
    expect(response.body.data.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });

  it("answers 404 for another workspace's user, exactly as for a missing one", async () => {
    const foreign = await app.rest("GET", `/api/v1/users/${stranger.user.id}`, { token: owner.token });
    const missing = await app.rest("GET", "/api/v1/users/00000000-0000-4000-8000-000000000000", { token: owner.token });
    const malformed = await app.rest("GET", "/api/v1/users/not-a-uuid", { token: owner.token });
    for (const response of [foreign, missing, malformed]) {
      expect(response.status).toBe(404);
      expect(response.body.error).toEqual({ code: "RESOURCE_NOT_FOUND", message: "User not found" });
    }
  });

  it("requires authentication", async () => {
    const response = await app.rest("GET", `/api/v1/users/${owner.user.id}`);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("UNAUTHORIZED");
  });

  it("matches the GraphQL user and me queries", async () => {
    const byId = await app.gql(`query($id: ID!) { user(id: $id) { ${USER} } }`, { id: member.user.id }, owner.token);
    expect(byId.body.data.user).toMatchObject({ id: member.user.id, displayName: "Mia Member", isActive: true });
    const self = await app.gql(`{ me { id displayName } }`, {}, member.token);
    expect(self.body.data.me).toEqual({ id: member.user.id, displayName: "Mia Member" });
    const foreign = await app.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: stranger.user.id }, owner.token);
    expect(foreign.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
    expect(foreign.body.data).toBeNull();
  });

  it("answers me without a token with UNAUTHORIZED", async () => {
    const response = await app.gql(`{ me { id } }`);
    expect(response.body.errors[0].extensions.code).toBe("UNAUTHORIZED");
  });
});

describe("POST /api/v1/users", () => {
  const body = (suffix: string) => ({
    email: `new-${suffix}@example.com`,
    username: `new_${suffix}`,
    password: PASSWORD,
    first_name: "New",
    last_name: "User",
    roles: ["user"],
  });

  it("lets an administrator create a user (201, documented shape)", async () => {
    const response = await app.rest("POST", "/api/v1/users", { token: owner.token, body: body("a") });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ email: "new-a@example.com", username: "new_a", is_active: true, roles: ["user"] });
    expect(response.body.data.password).toBeUndefined();
    expect(response.body.data.password_hash).toBeUndefined();
  });

  it("defaults roles to user", async () => {
    const { roles: _roles, ...rest } = body("b");
    const response = await app.rest("POST", "/api/v1/users", { token: owner.token, body: rest });
    expect(response.body.data.roles).toEqual(["user"]);
  });

  it("refuses non-administrators with 403 INSUFFICIENT_PERMISSIONS naming the scope", async () => {
    const response = await app.rest("POST", "/api/v1/users", { token: member.token, body: body("c") });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("INSUFFICIENT_PERMISSIONS");
    expect(response.body.error.details.required_permission).toBe("admin:users");
    expect(response.body.error.details.user_permissions).toContain("read:profile");
  });

  it("refuses duplicates: email anywhere (409 EMAIL_EXISTS), username in the workspace (409)", async () => {
    const email = await app.rest("POST", "/api/v1/users", { token: owner.token, body: { ...body("d"), email: stranger.email } });
    expect(email.status).toBe(409);
    expect(email.body.error.code).toBe("EMAIL_EXISTS");
    const username = await app.rest("POST", "/api/v1/users", {
      token: owner.token,
      body: { ...body("e"), username: member.user.username.toUpperCase() },
    });
    expect(username.status).toBe(409);
    expect(username.body.error).toMatchObject({ code: "RESOURCE_ALREADY_EXISTS", details: { field: "username" } });
  });

  it("validates roles", async () => {
    const response = await app.rest("POST", "/api/v1/users", { token: owner.token, body: { ...body("f"), roles: ["overlord"] } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ field: "roles.0", code: "INVALID_ENUM_VALUE" });
    const empty = await app.rest("POST", "/api/v1/users", { token: owner.token, body: { ...body("g"), roles: [] } });
    expect(empty.body.error.details[0]).toMatchObject({ field: "roles", code: "VALUE_TOO_SHORT" });
  });

  it("works through createUser with the same rules", async () => {
    const mutation = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id roles displayName } } }`;
    const input = { email: "gql-new@example.com", username: "gql_new", password: PASSWORD, firstName: "G", lastName: "Q" };
    const ok = await app.gql(mutation, { input }, owner.token);
    expect(ok.body.data.createUser.user).toMatchObject({ roles: ["user"], displayName: "G Q" });
    const denied = await app.gql(mutation, { input: { ...input, email: "x@example.com", username: "x_x" } }, member.token);
    expect(denied.body.errors[0].extensions).toMatchObject({
      code: "INSUFFICIENT_PERMISSIONS",
      details: { required_permission: "admin:users" },
    });
  });
});

describe("PUT and PATCH /api/v1/users/{id}", () => {
  it("lets users change their own profile fields", async () => {
    const response = await app.rest("PUT", `/api/v1/users/${member.user.id}`, {
      token: member.token,
      body: { first_name: "Mara", avatar_url: "https://example.com/a.png" },
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ first_name: "Mara", last_name: "Member", avatar_url: "https://example.com/a.png" });
    const patch = await app.rest("PATCH", `/api/v1/users/${member.user.id}`, { token: member.token, body: { avatar_url: null } });
    expect(patch.body.data.avatar_url).toBeNull();
  });

  it("refuses changing someone else's profile without admin (403)", async () => {
    const response = await app.rest("PUT", `/api/v1/users/${owner.user.id}`, { token: member.token, body: { first_name: "Hacked" } });
    expect(response.status).toBe(403);
    expect(response.body.error.details.required_permission).toBe("admin:users");
  });

  it("refuses roles and is_active from non-administrators, even for themselves", async () => {
    for (const body of [{ roles: ["user", "admin"] }, { is_active: false }]) {
      const response = await app.rest("PATCH", `/api/v1/users/${member.user.id}`, { token: member.token, body });
      expect(response.status).toBe(403);
    }
  });

  it("treats null as unchanged for fields that cannot be empty", async () => {
    const response = await app.rest("PATCH", `/api/v1/users/${member.user.id}`, {
      token: owner.token,
      body: { first_name: null, roles: null, is_active: null },
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ is_active: true, roles: ["user"] });
    expect(response.body.data.first_name).not.toBeNull();
  });

  it("names fields in REST spelling in messages", async () => {
    const response = await app.rest("POST", "/api/v1/users", { token: owner.token, body: { email: "x@example.com" } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toContainEqual(expect.objectContaining({ field: "first_name", message: "first_name is required" }));
  });

  it("refuses fields that are not profile fields", async () => {
    const response = await app.rest("PUT", `/api/v1/users/${member.user.id}`, { token: member.token, body: { email: "new@example.com" } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ field: "email", code: "INVALID_FORMAT" });
  });

  it("validates values", async () => {
    const response = await app.rest("PUT", `/api/v1/users/${member.user.id}`, {
      token: member.token,
      body: { first_name: " ", avatar_url: "javascript:alert(1)" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "first_name", code: "REQUIRED_FIELD_MISSING" }),
        expect.objectContaining({ field: "avatar_url", code: "INVALID_FORMAT" }),
      ]),
    );
  });

  it("lets an administrator change roles, and the change applies to existing tokens at once", async () => {
    const promoted = await addMember(app, owner);
    const before = await app.rest("GET", "/api/v1/users", { token: promoted.token });
    expect(before.status).toBe(403);
    const response = await app.rest("PUT", `/api/v1/users/${promoted.user.id}`, { token: owner.token, body: { roles: ["user", "admin"] } });
    expect(response.body.data.roles).toEqual(["user", "admin"]);
    expect((await app.rest("GET", "/api/v1/users", { token: promoted.token })).status).toBe(200);
  });

  it("deactivation stops the user's tokens and refresh tokens", async () => {
    const leaving = await addMember(app, owner);
    const response = await app.rest("PATCH", `/api/v1/users/${leaving.user.id}`, { token: owner.token, body: { is_active: false } });
    expect(response.body.data.is_active).toBe(false);
    const read = await app.rest("GET", `/api/v1/users/${leaving.user.id}`, { token: leaving.token });
    expect(read.status).toBe(401);
    const refresh = await app.rest("POST", "/api/v1/auth/refresh", { body: { refresh_token: leaving.refreshToken } });
    expect(refresh.status).toBe(401);
  });

  it("keeps administrators from deactivating or demoting themselves", async () => {
    const response = await app.rest("PATCH", `/api/v1/users/${owner.user.id}`, { token: owner.token, body: { is_active: false } });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("RESOURCE_CONFLICT");
  });

  it("answers 404 across workspaces, even to administrators", async () => {
    const response = await app.rest("PUT", `/api/v1/users/${stranger.user.id}`, { token: owner.token, body: { first_name: "X" } });
    expect(response.status).toBe(404);
  });

  it("works through updateUser", async () => {
    const mutation = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { user { firstName displayName } } }`;
    const ok = await app.gql(mutation, { id: member.user.id, input: { firstName: "Mona" } }, member.token);
    expect(ok.body.data.updateUser.user).toEqual({ firstName: "Mona", displayName: "Mona Member" });
    const denied = await app.gql(mutation, { id: owner.user.id, input: { firstName: "X" } }, member.token);
    expect(denied.body.errors[0].extensions.code).toBe("INSUFFICIENT_PERMISSIONS");
  });
});

describe("GET /api/v1/users", () => {
  let listApp: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    listApp = await startTestApp();
    admin = await registerWorkspace(listApp, { first_name: "Ada", last_name: "Admin" });
    for (let index = 0; index < 24; index++) {
      await listApp.rest("POST", "/api/v1/users", {
        token: admin.token,
        body: {
          email: `u${index}@example.com`,
          username: `user_${String(index).padStart(2, "0")}`,
          password: PASSWORD,
          first_name: index % 2 ? "Odd" : "Even",
          last_name: `Number${index}`,
        },
      });
    }
    await registerWorkspace(listApp, { first_name: "Odd", last_name: "Outsider" });
  });
  afterAll(() => listApp.stop());

  it("paginates with page and per_page in a stable order", async () => {
    const first = await listApp.rest("GET", "/api/v1/users?page=1&per_page=10", { token: admin.token });
    expect(first.status).toBe(200);
    expect(first.body.pagination).toEqual({ page: 1, per_page: 10, total: 25, total_pages: 3 });
    expect(first.body.data).toHaveLength(10);
    const third = await listApp.rest("GET", "/api/v1/users?page=3&per_page=10", { token: admin.token });
    expect(third.body.data).toHaveLength(5);
    const all = await listApp.rest("GET", "/api/v1/users?per_page=100", { token: admin.token });
    const ids = all.body.data.map((user: { id: string }) => user.id);
    expect(new Set(ids).size).toBe(25);
    expect([...first.body.data, ...(await listApp.rest("GET", "/api/v1/users?page=2&per_page=10", { token: admin.token })).body.data, ...third.body.data].map((user: { id: string }) => user.id)).toEqual(ids);
  });

  it("defaults to 20 per page and answers an empty page past the end", async () => {
    const response = await listApp.rest("GET", "/api/v1/users", { token: admin.token });
    expect(response.body.pagination).toEqual({ page: 1, per_page: 20, total: 25, total_pages: 2 });
    const beyond = await listApp.rest("GET", "/api/v1/users?page=9", { token: admin.token });
    expect(beyond.body.data).toEqual([]);
  });

  it.each([["page=0"], ["page=-1"], ["per_page=101"], ["per_page=abc"], ["page=1.5"]])("rejects %s", async (query) => {
    const response = await listApp.rest("GET", `/api/v1/users?${query}`, { token: admin.token });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("searches name, username and email within the workspace only", async () => {
    const response = await listApp.rest("GET", "/api/v1/users?search=odd&per_page=100", { token: admin.token });
    expect(response.body.pagination.total).toBe(12);
    const byUsername = await listApp.rest("GET", "/api/v1/users?search=user_0", { token: admin.token });
    expect(byUsername.body.pagination.total).toBe(10);
    const literal = await listApp.rest("GET", "/api/v1/users?search=%25", { token: admin.token });
    expect(literal.body.pagination.total).toBe(0);
  });

  it("is for administrators only", async () => {
    const plain = await listApp.rest("POST", "/api/v1/auth/login", { body: { email: "u1@example.com", password: PASSWORD } });
    const response = await listApp.rest("GET", "/api/v1/users", { token: plain.body.data.access_token });
    expect(response.status).toBe(403);
  });

  it("is a Relay connection through GraphQL with opaque cursors", async () => {
    const query = `query($after: String) { users(first: 10, after: $after, search: "Number") {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { username } } } }`;
    const first = await listApp.gql(query, {}, admin.token);
    const page = first.body.data.users;
    expect(page.totalCount).toBe(24);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await listApp.gql(query, { after: page.pageInfo.endCursor }, admin.token);
    expect(second.body.data.users.pageInfo.hasPreviousPage).toBe(true);
    expect(second.body.data.users.edges[0].node.username).not.toBe(page.edges[0].node.username);
    const bad = await listApp.gql(query, { after: "bogus" }, admin.token);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "after" }] });
    const tooMany = await listApp.gql(`{ users(first: 101) { totalCount } }`, {}, admin.token);
    expect(tooMany.body.errors[0].extensions.details[0].field).toBe("first");
  });
});

describe("users cursor paging", () => {
  it("pages oldest first with first/after, users added meanwhile appearing once at the end", async () => {
    const admin = await registerWorkspace(app);
    const addUser = async (index: number) => {
      const response = await app.rest("POST", "/api/v1/users", {
        token: admin.token,
        body: { email: `paged-${index}-${admin.user.id}@example.com`, username: `paged_${index}_${admin.user.id.slice(0, 8)}`, password: PASSWORD, first_name: "Paged", last_name: `User${index}` },
      });
      expect(response.status).toBe(201);
      return response.body.data.id as string;
    };
    const added = [];
    for (let index = 0; index < 4; index++) added.push(await addUser(index));
    const PAGE = `query($after: String) { users(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let round = 0; ; round++) {
      const response = await app.gql(PAGE, { after }, admin.token);
      expect(response.body.errors).toBeUndefined();
      const page = response.body.data.users;
      expect(page.pageInfo.hasPreviousPage).toBe(round > 0);
      seen.push(...page.nodes.map((node: { id: string }) => node.id));
      if (round === 0) added.push(await addUser(4));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([admin.user.id, ...added]);
  });

  it("answers VALIDATION_ERROR for a cursor of another list", async () => {
    const project = await app.rest("POST", "/api/v1/projects", { token: owner.token, body: { key: "CURS", name: "Cursors", project_type: "software" } });
    expect(project.status).toBe(201);
    const projects = await app.gql(`{ projects(first: 1) { pageInfo { endCursor } } }`, {}, owner.token);
    const response = await app.gql(`query($after: String) { users(after: $after) { nodes { id } } }`, { after: projects.body.data.projects.pageInfo.endCursor }, owner.token);
    expect(response.body.errors[0].extensions).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "after" }] });
  });
});
