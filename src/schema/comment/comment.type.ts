import { Field, ID } from "type-graphql";
import { SimpleObjectType, ConnectionType, DateTime } from "../common";
import { User } from "../user";

@SimpleObjectType({ description: "A comment on an issue." })
export class Comment {
  @Field(() => ID, { description: "Comment id." })
  id!: string;

  @Field(() => String, { description: "Text, 1–10000 characters." })
  content!: string;

  @Field(() => User, { description: "Who wrote it." })
  author!: User;

  @Field(() => DateTime, { description: "When it was written." })
  createdAt!: Date;

  @Field(() => DateTime, { description: "When it was last edited." })
  updatedAt!: Date;
}

export const CommentConnection = ConnectionType("Comment", Comment);

@SimpleObjectType({ description: "Result of addComment and updateComment." })
export class CommentPayload {
  @Field(() => Comment, { description: "The comment after the change." })
  comment!: Comment;
}

@SimpleObjectType({ description: "Result of deleteComment." })
export class DeleteCommentPayload {
  @Field(() => ID, { description: "Id of the deleted comment." })
  deletedId!: string;
}
