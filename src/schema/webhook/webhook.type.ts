import { Field, ID, Int } from "type-graphql";
import { SimpleObjectType, ConnectionType, DateTime } from "../common";
import { User } from "../user";

@SimpleObjectType({ description: "Which events reach a hook." })
export class WebhookFilters {
  @Field(() => ID, { nullable: true, description: "Only events of this project; null: the whole workspace (workspace administrators only)." })
  projectId!: string | null;
}

@SimpleObjectType({ description: "One HTTP attempt of a delivery." })
export class WebhookDeliveryAttempt {
  @Field(() => DateTime, { description: "When the request was sent." })
  attemptedAt!: Date;

  @Field(() => Int, { description: "Milliseconds until the answer (or the failure)." })
  durationMs!: number;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when no answer came." })
  responseStatus!: number | null;

  @Field(() => String, { nullable: true, description: "The first 1 KB of the receiver's answer." })
  responseBody!: string | null;

  @Field(() => String, { nullable: true, description: "Why no answer came: a timeout, a refused connection, an address that is not public." })
  error!: string | null;
}

@SimpleObjectType({ description: "One event (or ping) sent to one hook, with every attempt. Its id is the `delivery_id` receivers de-duplicate on." })
export class WebhookDelivery {
  @Field(() => ID, { description: "Delivery id, the same on every attempt (`X-Hub-Delivery`, `webhook-id`)." })
  id!: string;

  @Field(() => String, { description: "Event name, e.g. `issue.updated`, or `ping`." })
  event!: string;

  @Field(() => String, { description: "`pending` (being delivered or waiting to retry), `succeeded` or `failed`." })
  status!: string;

  @Field(() => String, { description: "The JSON body every attempt sends and signs." })
  body!: string;

  @Field(() => DateTime, { nullable: true, description: "When the next retry is due, while one is." })
  nextAttemptAt!: Date | null;

  @Field(() => DateTime, { description: "When the delivery was prepared." })
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: "When it succeeded or was given up." })
  completedAt!: Date | null;

  @Field(() => [WebhookDeliveryAttempt], { description: "Attempts, oldest first." })
  attempts!: WebhookDeliveryAttempt[];
}

export const WebhookDeliveryConnection = ConnectionType("WebhookDelivery", WebhookDelivery);

@SimpleObjectType({ description: "An outgoing webhook (seed 001 §14). Its secret is never shown again after creation or rotation." })
export class Webhook {
  @Field(() => ID, { description: "Webhook id." })
  id!: string;

  @Field(() => String, { description: "Where deliveries are POSTed." })
  url!: string;

  @Field(() => [String], { description: "Event names it receives." })
  events!: string[];

  @Field(() => Boolean, { description: "Whether it delivers; false when switched off or disabled (see disabledReason)." })
  active!: boolean;

  @Field(() => WebhookFilters, { description: "Which events reach it." })
  filters!: WebhookFilters;

  @Field(() => String, { nullable: true, description: "Why deliveries stopped, when the server disabled it; cleared by activating it." })
  disabledReason!: string | null;

  @Field(() => DateTime, { nullable: true, description: "When the server disabled it." })
  disabledAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: "Until when the previous secret still signs after a rotation." })
  previousSecretExpiresAt!: Date | null;

  @Field(() => User, { description: "On whose behalf it delivers: its creator, or whoever last saved it." })
  owner!: User;

  @Field(() => DateTime, { description: "When it was created." })
  createdAt!: Date;

  @Field(() => DateTime, { description: "When it was last changed." })
  updatedAt!: Date;
}

export const WebhookConnection = ConnectionType("Webhook", Webhook);

@SimpleObjectType({ description: "Result of createWebhook." })
export class CreateWebhookPayload {
  @Field(() => Webhook, { description: "The new hook." })
  webhook!: Webhook;

  @Field(() => String, { description: "The signing secret, shown this once." })
  secret!: string;
}

@SimpleObjectType({ description: "Result of updateWebhook." })
export class WebhookPayload {
  @Field(() => Webhook, { description: "The hook after the change." })
  webhook!: Webhook;
}

@SimpleObjectType({ description: "Result of rotateWebhookSecret." })
export class RotateWebhookSecretPayload {
  @Field(() => Webhook, { description: "The hook." })
  webhook!: Webhook;

  @Field(() => String, { description: "The new signing secret, shown this once." })
  secret!: string;

  @Field(() => DateTime, { description: "Until when the previous secret signs too." })
  previousSecretExpiresAt!: Date;
}

@SimpleObjectType({ description: "Result of deleteWebhook." })
export class DeleteWebhookPayload {
  @Field(() => ID, { description: "Id of the deleted hook." })
  deletedId!: string;
}

@SimpleObjectType({ description: "Result of pingWebhook and redeliverWebhookDelivery." })
export class WebhookDeliveryPayload {
  @Field(() => WebhookDelivery, { description: "The delivery, queued to be sent now." })
  delivery!: WebhookDelivery;
}
