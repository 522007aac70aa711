import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { IssueRow, ProjectRow } from "../../db/tables";
import { IssueEvent, Issue } from "../../schema/issue";
import { Project } from "../../schema/project";
import { User } from "../../schema/user";
import type { FeedItem, FeedKind, IssueEventPayload } from "../../graphql/live/live-feed";
import { mapAsync } from "../../graphql/live/push-iterator";
import { authenticated, type GraphQLContext } from "../../graphql/context";

/**
 * Opens a feed and yields its payloads. graphql-ws builds one context per
 * subscription, so each item brings the loaders its fields resolve with
 * (shared by every subscriber of that event) and the context takes them
 * before the payload is executed.
 */
async function feed(data: SubscribeResolverData<unknown, Record<string, string>, GraphQLContext>, kind: FeedKind, projectId: string) {
  const context = data.context;
  const items = await context.feed.subscribe(authenticated(context).actor, kind, projectId);
  return mapAsync(items, (item: FeedItem) => {
    context.loaders = item.loaders;
    return item.value;
  });
}

@Resolver(() => IssueEvent)
export class SubscriptionResolver {
  @Subscription(() => Issue, {
    description: "The issue after every create, update, status change, assignment or comment in a project you can see.",
    subscribe: (data) => feed(data, "issueUpdated", data.args.projectId),
  })
  issueUpdated(@Root() issue: IssueRow, @Arg("projectId", () => ID, { description: "Project to watch." }) _projectId: string) {
    return issue;
  }

  @Subscription(() => Project, {
    description: "The project after every change to it or its membership.",
    subscribe: (data) => feed(data, "projectUpdated", data.args.id),
  })
  projectUpdated(@Root() project: ProjectRow, @Arg("id", () => ID, { description: "Project to watch." }) _id: string) {
    return project;
  }

  @Subscription(() => IssueEvent, {
    description: "Every issue and comment event of a project, deletions included, with what changed.",
    subscribe: (data) => feed(data, "issueEvents", data.args.projectId),
  })
  issueEvents(@Root() event: IssueEventPayload, @Arg("projectId", () => ID, { description: "Project to watch." }) _projectId: string) {
    return event;
  }

  @FieldResolver(() => User, { nullable: true, description: "Who caused the event." })
  actor(@Root() event: IssueEventPayload, @Ctx() ctx: GraphQLContext) {
    return event.actorId ? ctx.loaders.user.load(event.actorId) : null;
  }
}
