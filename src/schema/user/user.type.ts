import { Field, ID } from "type-graphql";
import { SimpleObjectType, ConnectionType, DateTime } from "../common";

@SimpleObjectType({ description: "A person in a workspace." })
export class User {
  @Field(() => ID, { description: "User id (UUID)." })
  id!: string;

  @Field(() => String, { description: "Email address; unique across all workspaces." })
  email!: string;

  @Field(() => String, { description: "Username; unique within the workspace." })
  username!: string;

  @Field(() => String, { description: "First name." })
  firstName!: string;

  @Field(() => String, { description: "Last name." })
  lastName!: string;

  @Field(() => String, { description: "First and last name." })
  displayName!: string;

  @Field(() => String, { nullable: true, description: "Avatar image URL." })
  avatarUrl!: string | null;

  @Field(() => Boolean, { description: "Deactivated users cannot sign in." })
  isActive!: boolean;

  @Field(() => [String], { description: "Roles such as `user`, `premium`, `project_admin`, `admin`." })
  roles!: string[];

  @Field(() => DateTime, { description: "When the user was created." })
  createdAt!: Date;

  @Field(() => DateTime, { description: "When the user last changed." })
  updatedAt!: Date;
}

export const UserConnection = ConnectionType("User", User);

@SimpleObjectType({ description: "Result of createUser." })
export class CreateUserPayload {
  @Field(() => User, { description: "The new user." })
  user!: User;
}

@SimpleObjectType({ description: "Result of updateUser." })
export class UpdateUserPayload {
  @Field(() => User, { description: "The user after the change." })
  user!: User;
}
