import { randomBytes } from "node:crypto";
import type { TestApp } from "./app";

export const PASSWORD = "Sup3rsecret";

const unique = () => randomBytes(4).toString("hex");

export interface SignedIn {
  token: string;
  refreshToken: string;
  user: { id: string; email: string; username: string; [key: string]: unknown };
  email: string;
  password: string;
}

/** Registers a new workspace; its first user is an administrator. */
export async function registerWorkspace(app: TestApp, overrides: Record<string, unknown> = {}): Promise<SignedIn> {
  const id = unique();
  const body = {
    email: `owner-${id}@example.com`,
    password: PASSWORD,
    username: `owner_${id}`,
    first_name: "Olive",
    last_name: "Owner",
    ...overrides,
  };
  const response = await app.rest("POST", "/api/v1/auth/register", { body });
  if (response.status !== 201) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  const data = response.body.data;
  return { token: data.access_token, refreshToken: data.refresh_token, user: data.user, email: body.email as string, password: body.password as string };
}

/** An administrator adds a user to their workspace and that user signs in. */
export async function addMember(app: TestApp, admin: SignedIn, overrides: Record<string, unknown> = {}): Promise<SignedIn> {
  const id = unique();
  const body = {
    email: `member-${id}@example.com`,
    username: `member_${id}`,
    password: PASSWORD,
    first_name: "Max",
    last_name: "Member",
    ...overrides,
  };
  const created = await app.rest("POST", "/api/v1/users", { body, token: admin.token });
  if (created.status !== 201) throw new Error(`create user failed: ${JSON.stringify(created.body)}`);
  return login(app, body.email as string, body.password as string);
}

export async function login(app: TestApp, email: string, password: string): Promise<SignedIn> {
  const response = await app.rest("POST", "/api/v1/auth/login", { body: { email, password } });
  if (response.status !== 200) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
  const data = response.body.data;
  return { token: data.access_token, refreshToken: data.refresh_token, user: data.user, email, password };
}

let projectSequence = 0;

/** Creates a project through REST and returns its detail. */
export async function createProject(app: TestApp, owner: SignedIn, overrides: Record<string, unknown> = {}) {
  projectSequence += 1;
  const key = `P${randomBytes(3).toString("hex").toUpperCase().replace(/[^A-Z0-9]/g, "")}${projectSequence}`.slice(0, 10);
  const response = await app.rest("POST", "/api/v1/projects", {
    token: owner.token,
    body: { key, name: `Project ${key}`, description: "A test project", project_type: "software", ...overrides },
  });
  if (response.status !== 201) throw new Error(`create project failed: ${JSON.stringify(response.body)}`);
  return response.body.data as { id: string; key: string; [field: string]: any };
}

export async function addToProject(app: TestApp, admin: SignedIn, projectId: string, userId: string, role = "member") {
  const response = await app.rest("POST", `/api/v1/projects/${projectId}/members`, { token: admin.token, body: { user_id: userId, role } });
  if (response.status !== 201) throw new Error(`add member failed: ${JSON.stringify(response.body)}`);
  return response.body.data;
}

export async function createIssue(app: TestApp, user: SignedIn, projectId: string, overrides: Record<string, unknown> = {}) {
  const response = await app.rest("POST", "/api/v1/issues", {
    token: user.token,
    body: { project_id: projectId, summary: "Something is broken", issue_type: "Bug", ...overrides },
  });
  if (response.status !== 201) throw new Error(`create issue failed: ${JSON.stringify(response.body)}`);
  return response.body.data as { id: string; key: string; [field: string]: any };
}
