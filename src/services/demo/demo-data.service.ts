import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, like } from "drizzle-orm";
import { z } from "zod";
import { grantsOf } from "../../auth/scopes";
import { projects as projectTable, users as userTable } from "../../db/tables";
import { DomainError } from "../../errors/domain-error";
import { comments } from "../comment";
import { type AuthenticatedContext, parseInput } from "../common";
import { issues, links } from "../issue";
import { members, projects } from "../project";
import { users } from "../user";
import { issueSummary, PEOPLE, PROJECTS, randomFrom, remark } from "./demo-content";

/** RFC 2606 reserves `.invalid`: no mail to a demo user can be delivered. Demo rows are found by it. */
export const DEMO_EMAIL_DOMAIN = "demo.invalid";

const seedSchema = z.object({
  projects: z.number().int().min(1, "projects must be at least 1").max(PROJECTS.length, `projects must be at most ${PROJECTS.length}`).nullish(),
  issuesPerProject: z.number().int().min(1, "issuesPerProject must be at least 1").max(300, "issuesPerProject must be at most 300").nullish(),
});

export interface DemoSummary {
  users: number;
  projects: number;
  issues: number;
  comments: number;
  links: number;
}

/** Seed 000 §16: test data exists only outside production, for workspace administrators. */
function assertAvailable(ctx: AuthenticatedContext): void {
  if (!ctx.settings.testDataEnabled) throw new DomainError("RESOURCE_NOT_FOUND", "Route not found");
  if (!ctx.actor.roles.includes("admin")) throw new DomainError("INSUFFICIENT_PERMISSIONS", "Only workspace administrators manage test data");
}

/** The same services a user's requests run, as a demo user: events, history and counters as in real use. */
const actingAs = (ctx: AuthenticatedContext, user: { id: string; roles: readonly string[] }): AuthenticatedContext => ({
  ...ctx,
  actor: { ...ctx.actor, userId: user.id, sessionId: `demo-${user.id}`, ...grantsOf(user.roles) },
});

/**
 * Fills the caller's workspace with a demo: six users, projects led by them
 * with everyone a member, and issues filed, assigned, moved along their
 * statuses, commented on and linked, through the services, so history, events
 * and live boards see what they would see from people. Deterministic but for
 * a run tag that keeps keys, usernames and emails unique across runs.
 */
export async function seedDemoData(ctx: AuthenticatedContext, input: unknown): Promise<DemoSummary> {
  assertAvailable(ctx);
  const options = parseInput(seedSchema, input ?? {});
  const projectCount = options.projects ?? 3;
  const perProject = options.issuesPerProject ?? 100;
  const run = randomBytes(3).toString("hex");
  const random = randomFrom(0x5eed);
  const password = randomBytes(18).toString("base64url");
  const summary: DemoSummary = { users: 0, projects: 0, issues: 0, comments: 0, links: 0 };

  const people = [];
  for (const [first, last] of PEOPLE) {
    const name = `${first}.${last}`.toLowerCase();
    people.push(
      await users.createUser(ctx, { email: `${name}.${run}@${DEMO_EMAIL_DOMAIN}`, username: `${first.toLowerCase()}_${run}`, password, firstName: first, lastName: last }),
    );
    summary.users += 1;
  }

  for (const [index, [name, description]] of PROJECTS.slice(0, projectCount).entries()) {
    const lead = people[index % people.length]!;
    const project = await projects.createProject(ctx, { key: `D${run.toUpperCase()}${index + 1}`, name: `${name} (demo)`, description, projectType: "software", leadId: lead.id });
    summary.projects += 1;
    // The lead is a member from the start.
    for (const person of people) if (person.id !== lead.id) await members.addMember(ctx, { projectId: project.id, userId: person.id, role: "member" });

    const { issueTypes, priorities, statuses } = project.settings;
    let previous: string | null = null;
    for (let n = 0; n < perProject; n++) {
      const reporter = actingAs(ctx, random.pick(people));
      const assignee = random.next() < 0.8 ? random.pick(people) : null;
      const issue = await issues.createIssue(reporter, {
        projectId: project.id,
        summary: issueSummary(random),
        issueType: random.pick(issueTypes),
        priority: random.pick(priorities),
        assigneeId: assignee?.id ?? null,
      });
      summary.issues += 1;
      // Walk it along the statuses, so the board has every column and history has moves.
      const steps = Math.floor(random.next() * statuses.length);
      for (const status of statuses.slice(1, steps + 1)) await issues.updateIssue(actingAs(ctx, assignee ?? lead), issue.id, { status });
      const remarks = Math.floor(random.next() * 3);
      for (let c = 0; c < remarks; c++) {
        await comments.addComment(actingAs(ctx, random.pick(people)), issue.id, { content: remark(random) });
        summary.comments += 1;
      }
      if (previous && random.next() < 0.15) {
        await links.addLink(reporter, issue.id, { type: random.pick(["blocks", "relates_to", "duplicates"]), issueId: previous });
        summary.links += 1;
      }
      previous = issue.id;
    }
  }
  return summary;
}

/**
 * Takes the demo out of the workspace as its users would: the projects demo
 * users lead are deleted (`DELETE /projects/{id}`) and demo users are
 * deactivated. Nothing else is touched.
 */
export async function resetDemoData(ctx: AuthenticatedContext): Promise<{ projects: number; users: number }> {
  assertAvailable(ctx);
  const demoUsers = await ctx.db
    .select({ id: userTable.id, isActive: userTable.isActive })
    .from(userTable)
    .where(and(eq(userTable.tenantId, ctx.actor.tenantId), like(userTable.email, `%@${DEMO_EMAIL_DOMAIN}`)));
  const ids = demoUsers.map((user) => user.id);
  const led = ids.length
    ? await ctx.db
        .select({ id: projectTable.id })
        .from(projectTable)
        .where(and(eq(projectTable.tenantId, ctx.actor.tenantId), inArray(projectTable.leadId, ids), isNull(projectTable.deletedAt)))
    : [];
  for (const project of led) await projects.deleteProject(ctx, project.id);
  const active = demoUsers.filter((user) => user.isActive);
  for (const user of active) await users.updateUser(ctx, user.id, { isActive: false });
  return { projects: led.length, users: active.length };
}
