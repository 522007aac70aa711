import { Field, InputType } from "type-graphql";
import { EXPECTED_UPDATED_AT, DateTime } from "../common";

@InputType({ description: "Comment text." })
export class CommentInput {
  @Field(() => String, { description: "Text; trimmed, 1–10000 characters." })
  content!: string;
}

@InputType({ description: "A comment's new text." })
export class UpdateCommentInput extends CommentInput {
  @Field(() => DateTime, { nullable: true, description: EXPECTED_UPDATED_AT })
  expectedUpdatedAt?: Date;
}
