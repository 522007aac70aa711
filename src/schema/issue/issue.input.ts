import { ArgsType, Field, InputType } from "type-graphql";
import { ConnectionArgs, EXPECTED_UPDATED_AT, DateTime, JSONObject, IDEMPOTENCY_KEY } from "../common";

@InputType({ description: "A new issue." })
export class CreateIssueInput {
  @Field(() => String, { description: "Project to create it in; you must be able to contribute there." })
  projectId!: string;

  @Field(() => String, { description: "Summary, 1–255 characters." })
  summary!: string;

  @Field(() => String, { nullable: true, description: "Description, up to 50000 characters." })
  description?: string | null;

  @Field(() => String, { description: "One of the project's issue types." })
  issueType!: string;

  @Field(() => String, { nullable: true, description: "One of the project's priorities; default `Medium` (or the first)." })
  priority?: string | null;

  @Field(() => String, { nullable: true, description: "A project member to assign." })
  assigneeId?: string | null;

  @Field(() => JSONObject, { nullable: true, description: "Custom field values by key, validated against the project's definitions." })
  customFields?: Record<string, unknown> | null;

  @Field(() => String, {
    nullable: true,
    description: IDEMPOTENCY_KEY,
  })
  idempotencyKey?: string;
}

@InputType({ description: "Issue fields to change; omitted fields stay as they are." })
export class UpdateIssueInput {
  @Field(() => String, { nullable: true, description: "Summary." })
  summary?: string;

  @Field(() => String, { nullable: true, description: "Description; null clears it." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "One of the project's issue types." })
  issueType?: string;

  @Field(() => String, { nullable: true, description: "A state to move to: runs the one usable workflow transition that leads there (422 WORKFLOW_TRANSITION_INVALID otherwise)." })
  status?: string;

  @Field(() => String, { nullable: true, description: "One of the project's priorities." })
  priority?: string;

  @Field(() => String, { nullable: true, description: "A project member; null unassigns." })
  assigneeId?: string | null;

  @Field(() => String, { nullable: true, description: "How it ended, up to 255 characters; null or empty clears it." })
  resolution?: string | null;

  @Field(() => JSONObject, { nullable: true, description: "Custom field values to set; a null value removes one." })
  customFields?: Record<string, unknown> | null;

  @Field(() => DateTime, { nullable: true, description: EXPECTED_UPDATED_AT })
  expectedUpdatedAt?: Date;
}

@InputType({ description: "Narrows an issue list; all given filters apply." })
export class IssueFilters {
  @Field(() => String, { nullable: true, description: "Only this project (404 when you cannot see it)." })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: "Only issues assigned to this user." })
  assigneeId?: string | null;

  @Field(() => String, { nullable: true, description: "Only issues reported by this user." })
  reporterId?: string | null;

  @Field(() => String, { nullable: true, description: "Only this status." })
  status?: string | null;

  @Field(() => String, { nullable: true, description: "Only this priority." })
  priority?: string | null;

  @Field(() => String, { nullable: true, description: "Only this issue type." })
  issueType?: string | null;

  @Field(() => String, { nullable: true, description: "Full-text search over summary and description (web-search syntax), ranked." })
  search?: string | null;
}

@ArgsType()
export class IssuesArgs extends ConnectionArgs {
  @Field(() => IssueFilters, { nullable: true, description: "Filters." })
  filters?: IssueFilters | null;

  @Field(() => String, {
    nullable: true,
    description: "`created_at`, `updated_at`, `key`, `summary`, `status`, `priority` (and `relevance` with search), `-` for descending. Default `-created_at`, or `relevance` when searching.",
  })
  sort?: string | null;
}

@InputType({ description: "A link from this issue to another." })
export class AddIssueLinkInput {
  @Field(() => String, { description: "`blocks`, `relates_to`, `duplicates`, `clones`, or an inverse (`is_blocked_by`, ...)." })
  type!: string;

  @Field(() => String, { description: "The other issue; it must be one you can see." })
  issueId!: string;
}
