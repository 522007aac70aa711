// `npm run seed`: a demo workspace on a running API (API_URL, default http://localhost:4000), through the REST door.
// SEED_PROJECTS (1–5, default 3) and SEED_ISSUES (per project, 1–300, default 100) size it.
import { randomBytes } from "node:crypto";
import { createApiClient } from "../sdk";

const baseUrl = process.env.API_URL ?? "http://localhost:4000";
let token: string | undefined;
const api = createApiClient({ baseUrl, token: () => token });

const tag = randomBytes(3).toString("hex");
const email = `demo-${tag}@example.com`;
// A random part alone may lack the uppercase letter or digit the password rules ask for.
const password = `Demo-${randomBytes(12).toString("base64url")}-7`;
const registered = await api.POST("/auth/register", { body: { email, password, name: "Demo Admin" } }).catch((error: unknown) => {
  console.error(`Cannot reach the API at ${baseUrl} (${(error as Error).message}); start it with npm start, or set API_URL`);
  process.exit(1);
});
if (!registered.data) {
  console.error(`Registering the demo workspace failed: ${registered.error?.error.message} ${JSON.stringify(registered.error?.error.details ?? [])}`);
  process.exit(1);
}
token = registered.data.data.access_token;
const size = (name: string) => (process.env[name] ? Number(process.env[name]) : null);
const seeded = await api.POST("/admin/test-data/seed", { body: { projects: size("SEED_PROJECTS"), issues_per_project: size("SEED_ISSUES") } });
if (!seeded.data) {
  console.error(`Seeding failed: ${seeded.error?.error.code} ${seeded.error?.error.message}`);
  process.exit(1);
}
const { users, projects, issues, comments, links } = seeded.data.data;
console.log(`Demo workspace: ${projects} projects, ${issues} issues, ${comments} comments, ${links} links, ${users} users.`);
console.log(`Sign in as ${email} with password ${password}`);
