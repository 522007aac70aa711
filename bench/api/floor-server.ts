/**
 * The floor of our stack: Express 5 and postgres.js with one hand-written,
 * prepared SQL statement per route, answering the same JSON as the API's
 * REST routes (envelope, data, pagination, meta). What the API costs beyond
 * this is the bridge, GraphQL execution, shield, loaders and envelope.
 *
 * It has no authentication: the workspace and the acting user come from
 * FLOOR_TENANT_ID and FLOOR_ACTOR_ID, and visibility is the actor's project
 * membership, checked inside each statement. createIssue writes no outbox
 * event: the event's NOTIFY would wake the idle API process, which shares
 * the floor's core. Login checks the scrypt hash and issues no tokens.
 *
 * `POST /board` is the limit for the GraphQL board: it takes the API's board
 * request body (the query text is not parsed; `variables.id` and
 * `variables.first` are read) and answers the whole GraphQL response, built
 * by one `json_agg` statement as text and sent as PostgreSQL wrote it.
 *
 *   FLOOR_DATABASE_URL=… FLOOR_TENANT_ID=… FLOOR_ACTOR_ID=… node --import tsx bench/api/floor-server.ts
 *
 * Prints `{"port":N}` once listening on PORT (default: any free port).
 */
import { randomUUID } from "node:crypto";
import express, { type Response } from "express";
import postgres from "postgres";
import { verifyPassword } from "../../src/auth/password";
import { BOARD, CREATE_ISSUE, GET_ISSUE, LIST_ISSUES, USER_BY_EMAIL } from "./floor-queries";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const tenantId = required("FLOOR_TENANT_ID");
const actorId = required("FLOOR_ACTOR_ID");
/** The API's default DATABASE_POOL_MAX, so both open as many connections. */
const sql = postgres(required("FLOOR_DATABASE_URL"), { max: 10, onnotice: () => {} });
const run = (statement: string, parameters: postgres.ParameterOrJSON<never>[]) => sql.unsafe(statement, parameters, { prepare: true });

const meta = () => ({ timestamp: new Date().toISOString(), version: "v1", request_id: randomUUID() });
const ok = (res: Response, data: unknown, status = 200) => res.status(status).json({ success: true, data, meta: meta() });
const fail = (res: Response, status: number, code: string, message: string) =>
  res.status(status).json({ success: false, error: { code, message }, meta: meta() });
const text = (value: unknown) => (typeof value === "string" ? value : undefined);

const app = express();
app.disable("x-powered-by");
app.set("query parser", "simple");
app.use(express.json());

app.get("/api/v1/issues", async (req, res) => {
  const page = Number(text(req.query.page) ?? 1);
  const perPage = Number(text(req.query.per_page) ?? 20);
  const projectId = text(req.query.project_id);
  if (!projectId) return fail(res, 400, "VALIDATION_ERROR", "project_id is required");
  const rows = await run(LIST_ISSUES, [tenantId, actorId, projectId, perPage, (page - 1) * perPage]);
  const total = Number(rows[0]?.total ?? 0);
  res.json({
    success: true,
    data: rows.map((row) => row.item),
    meta: meta(),
    pagination: { page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) },
  });
});

app.get("/api/v1/issues/:id", async (req, res) => {
  const [row] = await run(GET_ISSUE, [tenantId, actorId, req.params.id]);
  if (!row) return fail(res, 404, "RESOURCE_NOT_FOUND", "Issue not found");
  ok(res, row.item);
});

app.post("/api/v1/issues", async (req, res) => {
  const body = req.body ?? {};
  if (!text(body.project_id) || !text(body.summary) || !text(body.issue_type)) {
    return fail(res, 400, "VALIDATION_ERROR", "project_id, summary and issue_type are required");
  }
  const [row] = await run(CREATE_ISSUE, [
    tenantId,
    actorId,
    body.project_id,
    body.summary,
    text(body.description) ?? null,
    body.issue_type,
    text(body.priority) ?? "Medium",
    text(body.assignee_id) ?? null,
    sql.json(body.custom_fields ?? {}),
  ] as postgres.ParameterOrJSON<never>[]);
  if (!row) return fail(res, 404, "RESOURCE_NOT_FOUND", "Project not found");
  ok(res, row.item, 201);
});

app.post("/board", async (req, res) => {
  const variables = req.body?.variables ?? {};
  const first = Number(variables.first ?? 20);
  if (!text(variables.id) || !Number.isInteger(first) || first < 1 || first > 100) {
    return res.status(400).json({ errors: [{ message: "variables.id and a first of 1–100 are required" }] });
  }
  const [row] = await run(BOARD, [tenantId, actorId, variables.id, first]);
  // Written as is: no ETag, as the API sets none on GraphQL answers (res.send would hash the body for one).
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(row!.body);
});

app.post("/api/v1/auth/login", async (req, res) => {
  const { email, password } = req.body ?? {};
  const [user] = text(email) ? await run(USER_BY_EMAIL, [email]) : [];
  if (!user || !(await verifyPassword(String(password ?? ""), user.password_hash))) {
    return fail(res, 401, "INVALID_CREDENTIALS", "Invalid email or password");
  }
  ok(res, { user: { id: user.id, username: user.username, email: user.email, first_name: user.first_name, last_name: user.last_name } });
});

const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (server.address() as { port: number }).port }));
});
process.once("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 5 }).then(() => process.exit(0));
});
