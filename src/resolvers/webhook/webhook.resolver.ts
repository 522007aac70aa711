import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { WebhookRow } from "../../db/tables";
import { ConnectionArgs } from "../../schema/common";
import { User } from "../../schema/user";
import {
  CreateWebhookInput,
  CreateWebhookPayload,
  DeleteWebhookPayload,
  RotateWebhookSecretPayload,
  UpdateWebhookInput,
  Webhook,
  WebhookConnection,
  WebhookDeliveryConnection,
  WebhookDeliveryPayload,
  WebhookFilters,
  WebhookPayload,
} from "../../schema/webhook";
import { webhookDeliveries, webhooks } from "../../services/webhook";
import { authenticated, requireRelated, type GraphQLContext } from "../../graphql/context";
import { pageWindow, toConnection } from "../common";

@ArgsType()
class WebhooksArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only hooks filtered to this project." })
  projectId?: string | null;
}

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => WebhookConnection, { description: "Webhooks you manage (workspace administrators: all; project administrators: their projects'), oldest first." })
  async webhooks(@Args(() => WebhooksArgs) { first, after, projectId }: WebhooksArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await webhooks.listWebhooks(authenticated(ctx), { projectId }, pageWindow(first, after)));
  }

  @Query(() => Webhook, { description: "A webhook you manage." })
  webhook(@Arg("id", () => ID, { description: "Webhook id." }) id: string, @Ctx() ctx: GraphQLContext) {
    return webhooks.getWebhook(authenticated(ctx), id);
  }

  @Mutation(() => CreateWebhookPayload, { description: "Register a webhook (seed 001 §14.2); the answer shows its secret, once." })
  createWebhook(@Arg("input", () => CreateWebhookInput, { description: "The hook." }) input: CreateWebhookInput, @Ctx() ctx: GraphQLContext) {
    return webhooks.createWebhook(authenticated(ctx), input);
  }

  @Mutation(() => WebhookPayload, { description: "Change a webhook; activating re-enables one the server disabled." })
  async updateWebhook(
    @Arg("id", () => ID, { description: "Webhook id." }) id: string,
    @Arg("input", () => UpdateWebhookInput, { description: "Fields to change." }) input: UpdateWebhookInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { webhook: await webhooks.updateWebhook(authenticated(ctx), id, input) };
  }

  @Mutation(() => DeleteWebhookPayload, { description: "Delete a webhook and its delivery log." })
  async deleteWebhook(@Arg("id", () => ID, { description: "Webhook id." }) id: string, @Ctx() ctx: GraphQLContext) {
    return { deletedId: await webhooks.deleteWebhook(authenticated(ctx), id) };
  }

  @Mutation(() => RotateWebhookSecretPayload, { description: "Replace the signing secret; the previous one keeps signing for 24 hours." })
  rotateWebhookSecret(
    @Arg("id", () => ID, { description: "Webhook id." }) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("secret", () => String, { nullable: true, description: "The new secret, 12–256 characters; generated when absent." }) secret?: string | null,
  ) {
    return webhooks.rotateWebhookSecret(authenticated(ctx), id, { secret });
  }

  @Mutation(() => WebhookDeliveryPayload, { description: "Send a `ping` delivery now." })
  async pingWebhook(@Arg("id", () => ID, { description: "Webhook id." }) id: string, @Ctx() ctx: GraphQLContext) {
    return { delivery: await webhookDeliveries.pingWebhook(authenticated(ctx), id) };
  }

  @Mutation(() => WebhookDeliveryPayload, { description: "Send a finished delivery again: same id and body, a new series of attempts." })
  async redeliverWebhookDelivery(
    @Arg("webhookId", () => ID, { description: "Webhook id." }) webhookId: string,
    @Arg("deliveryId", () => ID, { description: "Delivery id." }) deliveryId: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { delivery: await webhookDeliveries.redeliverWebhookDelivery(authenticated(ctx), webhookId, deliveryId) };
  }

  @FieldResolver(() => WebhookFilters, { description: "Which events reach it." })
  filters(@Root() hook: WebhookRow): WebhookFilters {
    return { projectId: hook.projectId };
  }

  @FieldResolver(() => User, { description: "On whose behalf it delivers." })
  owner(@Root() hook: WebhookRow, @Ctx() ctx: GraphQLContext) {
    return requireRelated(ctx.loaders.user.get(hook.ownerId), "webhook owner");
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: "Deliveries, newest first, each with its attempts." })
  async deliveries(@Root() hook: WebhookRow, @Args(() => ConnectionArgs) { first, after }: ConnectionArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await webhookDeliveries.listWebhookDeliveries(authenticated(ctx), hook, pageWindow(first, after)));
  }
}
