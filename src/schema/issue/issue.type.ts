import { Field, ID, Int } from "type-graphql";
import { SimpleObjectType, ConnectionType, DateTime, JSON, JSONObject } from "../common";
import { User } from "../user";

@SimpleObjectType({ description: "A file attached to an issue." })
export class Attachment {
  @Field(() => ID, { description: "File id." })
  id!: string;

  @Field(() => String, { description: "Original file name." })
  filename!: string;

  @Field(() => Int, { description: "Size in bytes." })
  size!: number;

  @Field(() => String, { description: "Download URL." })
  url!: string;
}

@SimpleObjectType({ description: "An issue: a unit of work in a project." })
export class Issue {
  @Field(() => ID, { description: "Issue id (UUID)." })
  id!: string;

  @Field(() => String, { description: "Project key and number, e.g. `PROJ-123`." })
  key!: string;

  @Field(() => String, { description: "One-line summary, 1–255 characters." })
  summary!: string;

  @Field(() => String, { nullable: true, description: "Longer description." })
  description!: string | null;

  @Field(() => String, { description: "One of the project's issue types." })
  issueType!: string;

  @Field(() => String, { description: "A state of the workflow it follows (see `workflow`); changed by executing a transition." })
  status!: string;

  @Field(() => String, { description: "One of the project's priorities." })
  priority!: string;

  @Field(() => String, { nullable: true, description: "How it ended, e.g. `Fixed`; workflows may require or set it." })
  resolution!: string | null;

  @Field(() => JSONObject, { description: "Values of the project's custom fields, by key." })
  customFields!: Record<string, unknown>;

  @Field(() => DateTime, { description: "When the issue was created." })
  createdAt!: Date;

  @Field(() => DateTime, { description: "When the issue last changed." })
  updatedAt!: Date;
}

@SimpleObjectType({ description: "A relation between two issues, worded from the issue it is read on." })
export class IssueLink {
  @Field(() => ID, { description: "Link id, for removeIssueLink." })
  id!: string;

  @Field(() => String, {
    description: "`blocks`, `is_blocked_by`, `relates_to`, `duplicates`, `is_duplicated_by`, `clones` or `is_cloned_by`.",
  })
  type!: string;

  @Field(() => Issue, { description: "The issue at the other end." })
  issue!: Issue;

  @Field(() => DateTime, { description: "When the link was made." })
  createdAt!: Date;
}

@SimpleObjectType({ description: "One recorded change of an issue field." })
export class IssueHistoryEntry {
  @Field(() => ID, { description: "Entry id." })
  id!: string;

  @Field(() => String, { description: "Changed field in REST spelling: `status`, `assignee_id`, `custom_fields.<key>`, ..." })
  field!: string;

  @Field(() => JSON, { nullable: true, description: "Value before the change." })
  from!: unknown;

  @Field(() => JSON, { nullable: true, description: "Value after the change." })
  to!: unknown;

  @Field(() => User, { description: "Who made the change." })
  actor!: User;

  @Field(() => DateTime, { description: "When the change was made." })
  createdAt!: Date;
}

export const IssueConnection = ConnectionType("Issue", Issue);
export const IssueHistoryConnection = ConnectionType("IssueHistoryEntry", IssueHistoryEntry);

@SimpleObjectType({ description: "Result of createIssue." })
export class CreateIssuePayload {
  @Field(() => Issue, { description: "The new issue." })
  issue!: Issue;
}

@SimpleObjectType({ description: "Result of updateIssue." })
export class UpdateIssuePayload {
  @Field(() => Issue, { description: "The issue after the change." })
  issue!: Issue;
}

@SimpleObjectType({ description: "Result of deleteIssue." })
export class DeleteIssuePayload {
  @Field(() => ID, { description: "Id of the deleted issue." })
  deletedId!: string;
}

@SimpleObjectType({ description: "Result of addIssueLink." })
export class AddIssueLinkPayload {
  @Field(() => IssueLink, { description: "The new link, worded from the issue it was added on." })
  link!: IssueLink;
}

@SimpleObjectType({ description: "Result of removeIssueLink." })
export class RemoveIssueLinkPayload {
  @Field(() => ID, { description: "Id of the removed link." })
  deletedId!: string;
}
