import { Field } from "type-graphql";
import { SimpleObjectType, DateTime, JSON } from "../common";
import { Issue } from "./issue.type";
import { User } from "../user";

@SimpleObjectType({ description: "Something that happened to an issue of a project, for boards that animate moves and removals." })
export class IssueEvent {
  @Field(() => String, {
    description: "`issue.created`, `issue.updated`, `issue.deleted`, `comment.created`, `comment.updated` or `comment.deleted`.",
  })
  type!: string;

  @Field(() => [String], {
    description:
      "Every type the event is, `type` first: an update that moved the status or changed the assignee is also `issue.status_changed` or `issue.assigned` (one event, not one per type).",
  })
  types!: string[];

  @Field(() => Issue, { description: "The issue as of the event; for `issue.deleted` the issue that was deleted." })
  issue!: Issue;

  @Field(() => User, { nullable: true, description: "Who caused the event." })
  actor!: User | null;

  @Field(() => DateTime, { description: "When it happened." })
  occurredAt!: Date;

  @Field(() => JSON, { nullable: true, description: "For updates, `[{ field, from, to }]`; for link changes `[{ field: \"links\", added | removed }]`." })
  changes!: unknown;
}
