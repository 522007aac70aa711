import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { buildSchema } from "type-graphql";
import { permissions } from "../auth/permissions";
import { DateTime } from "../schema/common";
import { callFieldResolversDirectly } from "../platform/type-graphql-direct-fields";
import { inputGuardMiddleware } from "./input-guard";
import { AuthResolver } from "../resolvers/auth";
import { CommentResolver } from "../resolvers/comment";
import { DemoResolver } from "../resolvers/demo";
import { IssueHistoryResolver, IssueLinkResolver, IssueResolver } from "../resolvers/issue";
import { ProjectMemberResolver, ProjectResolver } from "../resolvers/project";
import { SubscriptionResolver } from "../resolvers/subscription";
import { UserResolver } from "../resolvers/user";
import { WebhookResolver } from "../resolvers/webhook";
import { IssueWorkflowResolver, WorkflowResolver } from "../resolvers/workflow";

/**
 * type-graphql demands a PubSub as soon as a subscription exists, even when
 * every subscription brings its own `subscribe` (ours read the live feed,
 * fed by the event outbox). This one refuses to be used.
 */
const noTopicPubSub = {
  publish: () => {
    throw new Error("Topic publishing is not used: services append events to the outbox");
  },
  subscribe: () => {
    throw new Error("Topic subscriptions are not used: subscriptions read the live feed");
  },
};

/** The schema as clients see it (also what `schema.graphql` snapshots). */
export function buildContractSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      AuthResolver,
      UserResolver,
      ProjectResolver,
      ProjectMemberResolver,
      IssueResolver,
      IssueLinkResolver,
      IssueHistoryResolver,
      CommentResolver,
      WebhookResolver,
      WorkflowResolver,
      IssueWorkflowResolver,
      DemoResolver,
      SubscriptionResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTime }],
    validate: false,
    pubSub: noTopicPubSub,
  });
}

/** The contract schema with permission rules and the input guard applied: what both doors execute. */
export async function buildExecutableSchema(): Promise<GraphQLSchema> {
  const schema = await buildContractSchema();
  callFieldResolversDirectly(schema);
  return applyMiddleware(schema, permissions(schema), inputGuardMiddleware);
}
