import { and, eq, sql } from "drizzle-orm";
import { anyOf } from "../../db/queries/any-of";
import type { Logger } from "pino";
import { requireProjectAccess } from "../../auth/access";
import { isTenantAdmin, type Actor } from "../../auth/actor";
import { grantsOf } from "../../auth/scopes";
import type { Database } from "../../db/client";
import { issues, projectMembers, projects, users, type EventRow, type IssueRow, type ProjectRow } from "../../db/tables";
import { issueColumns } from "../../db/queries/issue-columns";
import type { EventBus } from "../../events/bus";
import { createLoaders, createViewerLoaders, type Loaders } from "../loaders/loaders";
import type { UserViewCache } from "../../db/queries/user-view-cache";
import { PushIterator } from "./push-iterator";

export type FeedKind = "issueUpdated" | "issueEvents" | "projectUpdated";

/** An issue event as `issueEvents` delivers it. */
export interface IssueEventPayload {
  type: string;
  types: string[];
  issue: IssueRow;
  actorId: string | null;
  occurredAt: Date;
  changes: unknown;
}

/** What a subscription yields: the payload, and loaders to resolve its fields with. */
export interface FeedItem {
  value: IssueRow | ProjectRow | IssueEventPayload;
  loaders: Loaders;
}

interface Subscriber {
  kind: FeedKind;
  actor: Actor;
  projectId: string;
  iterator: PushIterator<FeedItem>;
}

/** Issue events that change what `issueUpdated` shows; a status or assignment change is an `issue.updated` too. */
const ISSUE_UPDATES = new Set(["issue.created", "issue.updated", "comment.created", "comment.updated", "comment.deleted"]);

/** Whether a feed delivers `event`: once, whichever of its types it follows. */
function wants(kind: FeedKind, event: EventRow): boolean {
  if (kind === "issueUpdated") return event.types.some((type) => ISSUE_UPDATES.has(type));
  if (kind === "issueEvents") return event.types.some((type) => type.startsWith("issue.") || type.startsWith("comment."));
  return event.types.some((type) => type.startsWith("project."));
}

/**
 * Live board subscriptions of this instance. Access is checked when
 * subscribing and again for every event, against the database as of that
 * event: a member removed from a project, a deactivated user or a deleted
 * project stop receiving at once. The database work per event is the same
 * whatever the number of subscribers: one access snapshot, one payload
 * load, and loaders shared by every subscriber for the payload's fields.
 */
export class LiveFeed {
  private readonly byProject = new Map<string, Set<Subscriber>>();

  constructor(
    private readonly db: Database,
    private readonly userViews: UserViewCache,
    bus: EventBus,
    private readonly log: Logger,
  ) {
    bus.onEvents((batch) => this.dispatch(batch));
  }

  /** Subscribers currently registered on this instance. */
  get size(): number {
    let total = 0;
    for (const set of this.byProject.values()) total += set.size;
    return total;
  }

  /** Checks that the actor may see the project (404 otherwise) and opens a feed of it. */
  async subscribe(actor: Actor, kind: FeedKind, projectId: string): Promise<PushIterator<FeedItem>> {
    const { project } = await requireProjectAccess(this.db, actor, projectId, "read");
    const subscribers = this.byProject.get(project.id) ?? new Set<Subscriber>();
    this.byProject.set(project.id, subscribers);
    const subscriber: Subscriber = {
      kind,
      actor,
      projectId: project.id,
      iterator: new PushIterator<FeedItem>(() => {
        subscribers.delete(subscriber);
        if (!subscribers.size) this.byProject.delete(project.id);
      }),
    };
    subscribers.add(subscriber);
    return subscriber.iterator;
  }

  private async dispatch(batch: readonly EventRow[]): Promise<void> {
    for (const event of batch) {
      if (!event.projectId) continue;
      const interested = [...(this.byProject.get(event.projectId) ?? [])].filter(
        (subscriber) => subscriber.actor.tenantId === event.tenantId && wants(subscriber.kind, event),
      );
      if (interested.length) await this.deliver(event, interested).catch((error) => this.log.error({ err: error, event_id: event.id }, "live feed delivery failed"));
      if (event.type === "project.deleted") {
        for (const subscriber of this.byProject.get(event.projectId) ?? []) subscriber.iterator.end();
      }
    }
  }

  private async deliver(event: EventRow, subscribers: Subscriber[]): Promise<void> {
    const allowed = await this.allowedSubscribers(event, subscribers);
    if (!allowed.length) return;
    const shared = createLoaders(this.db, this.userViews, allowed[0]!.actor);
    // Shared loaders, except those whose answers depend on the viewer (links, transitions); made only if a query asks for them.
    const byViewer = new Map<string, Loaders>();
    const loadersFor = (actor: Actor): Loaders => {
      let loaders = byViewer.get(actor.userId);
      if (loaders) return loaders;
      let own: ReturnType<typeof createViewerLoaders> | undefined;
      const mine = () => (own ??= createViewerLoaders(this.db, actor));
      loaders = Object.create(shared, {
        linksOfIssue: { get: () => mine().linksOfIssue },
        transitionsOfIssue: { get: () => mine().transitionsOfIssue },
      }) as Loaders;
      byViewer.set(actor.userId, loaders);
      return loaders;
    };

    const project = allowed.some(({ subscriber }) => subscriber.kind === "projectUpdated") ? await shared.project.load(event.projectId!) : null;
    const issue = event.issueId ? await this.issueOf(event.issueId, shared) : null;

    // One payload object per event and kind: subscribers executing the same operation share its result.
    const payloads: Record<FeedKind, FeedItem["value"] | null> = {
      projectUpdated: project,
      issueUpdated: issue && !issue.deletedAt ? issue : null,
      issueEvents: issue
        ? { type: event.type, types: event.types, issue, actorId: event.actorId, occurredAt: event.createdAt, changes: event.payload.changes ?? null }
        : null,
    };
    for (const { subscriber, actor } of allowed) {
      const value = payloads[subscriber.kind];
      if (value) subscriber.iterator.push({ value, loaders: loadersFor(actor) });
    }
  }

  /** The issue as of the event, deleted or not (an `issue.deleted` event still names it). */
  private async issueOf(issueId: string, shared: Loaders): Promise<IssueRow | null> {
    const [issue] = await this.db.select(issueColumns).from(issues).where(eq(issues.id, issueId));
    if (issue && !issue.deletedAt) shared.issue.prime(issue.id, issue);
    return issue ?? null;
  }

  /**
   * One statement for the project's state and membership, one for the
   * subscribers' current roles and activity: the per-event access check.
   * Each allowed subscriber comes with its actor as of now, current roles
   * in place of the token's, so what the event's query shows (links to
   * other projects) follows a role change at once, as access does.
   */
  private async allowedSubscribers(event: EventRow, subscribers: Subscriber[]): Promise<{ subscriber: Subscriber; actor: Actor }[]> {
    const [project] = await this.db
      .select({
        live: sql<boolean>`${projects.deletedAt} is null`,
        members: sql<string[]>`array(select ${projectMembers.userId} from ${projectMembers} where ${projectMembers.projectId} = ${projects.id})`,
      })
      .from(projects)
      .where(and(eq(projects.id, event.projectId!), eq(projects.tenantId, event.tenantId)));
    if (!project?.live) return [];
    const members = new Set(project.members);
    const userIds = [...new Set(subscribers.map((subscriber) => subscriber.actor.userId))];
    const current = await this.db
      .select({ id: users.id, roles: users.roles, isActive: users.isActive })
      .from(users)
      .where(and(eq(users.tenantId, event.tenantId), anyOf(users.id, userIds)));
    const byId = new Map(current.map((user) => [user.id, user]));
    return subscribers.flatMap((subscriber) => {
      const user = byId.get(subscriber.actor.userId);
      if (!user?.isActive) return [];
      const actor = { ...subscriber.actor, ...grantsOf(user.roles) };
      return members.has(user.id) || isTenantAdmin(actor) ? [{ subscriber, actor }] : [];
    });
  }
}
