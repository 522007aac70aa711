/**
 * The benchmark dataset as rows ready to insert (column names as in
 * `migrations/`): 1 tenant, 50 users, 20 projects with 15 members each, and
 * at full scale 20,000 issues with assignees, priorities, statuses and custom
 * fields, 50,000 comments and 4,000 links. Content comes from a seeded
 * generator, so every run measures the same data.
 */
import { randomUUID } from "node:crypto";
import type { CustomFieldDefinition, ProjectSettings } from "../../src/db/tables";
import { DEFAULT_SETTINGS } from "../../src/services/project/project-settings";

export const USER_COUNT = 50;
export const PROJECT_COUNT = 20;
export const MEMBERS_PER_PROJECT = 15;
const FULL = { issues: 20_000, comments: 50_000, links: 4_000 };
/** The password of every user; its hash is computed once and shared. */
export const BENCH_PASSWORD = "Bench1234";

const CUSTOM_FIELDS: CustomFieldDefinition[] = [
  { key: "story_points", name: "Story points", type: "number", required: false },
  { key: "team", name: "Team", type: "select", options: ["Platform", "Mobile", "Web", "Data"], required: false },
  { key: "due_date", name: "Due date", type: "date", required: false },
];
const SETTINGS: ProjectSettings = { ...DEFAULT_SETTINGS, customFields: CUSTOM_FIELDS };

const WORDS =
  "login cache timeout export report sync search upload invoice webhook dashboard token filter audit billing retry queue email import mobile layout session backup latency schema".split(
    " ",
  );
const VERBS = ["Fix", "Add", "Improve", "Remove", "Investigate", "Refactor", "Document", "Speed up"];
const FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Dennis"];
const LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Ritchie"];
const LINK_TYPES = ["blocks", "relates_to", "duplicates", "clones"];
/** Issues are spaced a minute apart from here, so "newest first" is a strict order. */
const EPOCH = Date.parse("2024-01-01T00:00:00Z");

/** mulberry32: small, fast and seedable. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (bound: number) => Math.floor(next() * bound);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const sentence = (rng: ReturnType<typeof random>, words: number) =>
  Array.from({ length: words }, () => rng.pick(WORDS)).join(" ");

export interface DatasetRows {
  tenants: Record<string, unknown>[];
  users: Record<string, unknown>[];
  projects: Record<string, unknown>[];
  project_members: Record<string, unknown>[];
  issues: Record<string, unknown>[];
  comments: Record<string, unknown>[];
  issue_links: Record<string, unknown>[];
}

/** What the scenarios need to know about the data. */
export interface DatasetFacts {
  tenantId: string;
  /** A plain user (role `user`) who is a `member` of every project: the benchmarks act as them. */
  actor: { id: string; email: string };
  /** Every user's email, for the login scenario. */
  emails: string[];
  /** The project read by the list and board scenarios. */
  readProjectId: string;
  /** The project createIssue adds to, so reads keep seeing the same issues. */
  writeProjectId: string;
  /** Issues of the read project, for the single-issue scenario. */
  sampleIssueIds: string[];
  counts: Record<keyof DatasetRows, number>;
}

export function generateDataset(scale: number, passwordHash: string): { rows: DatasetRows; facts: DatasetFacts } {
  const rng = random(20_240_101);
  const tenantId = randomUUID();
  const tenants = [{ id: tenantId, name: "Bench Workspace" }];

  const users = Array.from({ length: USER_COUNT }, (_, index) => ({
    id: randomUUID(),
    tenant_id: tenantId,
    email: `bench-user-${index}@example.com`,
    username: `bench_user_${index}`,
    first_name: FIRST_NAMES[index % FIRST_NAMES.length]!,
    last_name: LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]!,
    password_hash: passwordHash,
    roles: index === 0 ? ["user", "admin"] : ["user"],
  }));
  const actor = users[1]!;

  // Even, so the link pairs below never straddle two projects.
  const issuesPerProject = 2 * Math.max(1, Math.round((FULL.issues * scale) / PROJECT_COUNT / 2));
  const projects = Array.from({ length: PROJECT_COUNT }, (_, index) => ({
    id: randomUUID(),
    tenant_id: tenantId,
    key: `BENCH${index + 1}`,
    name: `${rng.pick(WORDS)} ${rng.pick(WORDS)} ${index + 1}`,
    description: sentence(rng, 12),
    project_type: "software",
    lead_id: users[(index * 7) % USER_COUNT]!.id,
    settings: SETTINGS,
    issue_counter: issuesPerProject,
  }));

  const project_members: Record<string, unknown>[] = [];
  const membersOf = new Map<string, string[]>();
  projects.forEach((project, index) => {
    const ids = new Set([project.lead_id, actor.id]);
    for (let offset = 0; ids.size < MEMBERS_PER_PROJECT; offset++) ids.add(users[(index * 3 + offset) % USER_COUNT]!.id);
    for (const userId of ids) {
      const role = userId === project.lead_id ? "admin" : "member";
      project_members.push({ project_id: project.id, user_id: userId, tenant_id: tenantId, role });
    }
    membersOf.set(project.id, [...ids]);
  });

  const issues: Record<string, unknown>[] = [];
  for (const project of projects) {
    const members = membersOf.get(project.id)!;
    for (let number = 1; number <= issuesPerProject; number++) {
      const createdAt = new Date(EPOCH + issues.length * 60_000);
      const customFields: Record<string, unknown> = { story_points: rng.pick([1, 2, 3, 5, 8, 13]), team: rng.pick(CUSTOM_FIELDS[1]!.options!) };
      if (rng.next() < 0.5) customFields.due_date = `2025-${String(1 + rng.int(12)).padStart(2, "0")}-${String(1 + rng.int(28)).padStart(2, "0")}`;
      issues.push({
        id: randomUUID(),
        tenant_id: tenantId,
        project_id: project.id,
        number,
        key: `${project.key}-${number}`,
        summary: `${rng.pick(VERBS)} ${sentence(rng, 4)}`,
        description: sentence(rng, 30),
        issue_type: rng.pick(SETTINGS.issueTypes),
        status: rng.pick(SETTINGS.statuses),
        priority: rng.pick(SETTINGS.priorities),
        assignee_id: rng.next() < 0.9 ? rng.pick(members) : null,
        reporter_id: rng.pick(members),
        custom_fields: customFields,
        created_at: createdAt,
        updated_at: createdAt,
      });
    }
  }

  const comments = Array.from({ length: Math.round(FULL.comments * scale) }, () => {
    const issue = rng.pick(issues);
    const createdAt = new Date((issue.created_at as Date).getTime() + 1_000 + rng.int(86_400_000));
    return {
      id: randomUUID(),
      tenant_id: tenantId,
      issue_id: issue.id,
      author_id: rng.pick(membersOf.get(issue.project_id as string)!),
      content: sentence(rng, 5 + rng.int(40)),
      created_at: createdAt,
      updated_at: createdAt,
    };
  });

  // Link k joins issues 2k and 2k+1 (same project): distinct pairs, so the pair-unique index holds.
  const linkCount = Math.min(Math.round(FULL.links * scale), issues.length / 2);
  const issue_links = Array.from({ length: linkCount }, (_, k) => ({
    id: randomUUID(),
    tenant_id: tenantId,
    type: rng.pick(LINK_TYPES),
    source_issue_id: issues[2 * k]!.id,
    target_issue_id: issues[2 * k + 1]!.id,
    created_by: issues[2 * k]!.reporter_id,
  }));

  const readProjectId = projects[0]!.id;
  const rows = { tenants, users, projects, project_members, issues, comments, issue_links };
  return {
    rows,
    facts: {
      tenantId,
      actor: { id: actor.id, email: actor.email },
      emails: users.map((user) => user.email),
      readProjectId,
      writeProjectId: projects[PROJECT_COUNT - 1]!.id,
      sampleIssueIds: issues
        .filter((issue) => issue.project_id === readProjectId)
        .slice(0, 100)
        .map((issue) => issue.id as string),
      counts: Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length])) as DatasetFacts["counts"],
    },
  };
}
