import { Field, InputType } from "type-graphql";

@InputType({ description: "Comment text." })
export class CommentInput {
  @Field(() => String, { description: "Text; trimmed, 1–10000 characters." })
  content!: string;
}
