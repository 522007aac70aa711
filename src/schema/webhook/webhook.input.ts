import { Field, ID, InputType } from "type-graphql";

@InputType({ description: "Which events reach a hook." })
export class WebhookFiltersInput {
  @Field(() => ID, { nullable: true, description: "Only events of this project (required unless you are a workspace administrator)." })
  projectId?: string | null;
}

@InputType({ description: "A new webhook (seed 001 §14.2)." })
export class CreateWebhookInput {
  @Field(() => String, { description: "Where to POST deliveries: https in production, a public address, no credentials." })
  url!: string;

  @Field(() => [String], { description: "Event names, e.g. `issue.created`; see docs/webhooks.md for the list." })
  events!: string[];

  @Field(() => String, { nullable: true, description: "Signing secret, 12–256 characters; generated (`whsec_…`) when absent. Shown once." })
  secret?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether it delivers; default true." })
  active?: boolean | null;

  @Field(() => WebhookFiltersInput, { nullable: true, description: "Which events reach it." })
  filters?: WebhookFiltersInput | null;
}

@InputType({ description: "Changes to a webhook; absent fields stay. Activating re-enables a disabled hook." })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true, description: "New URL." })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: "New event list." })
  events?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "Switch deliveries on or off." })
  active?: boolean | null;

  @Field(() => WebhookFiltersInput, { nullable: true, description: "New filters; `projectId: null` hooks the whole workspace." })
  filters?: WebhookFiltersInput | null;
}
