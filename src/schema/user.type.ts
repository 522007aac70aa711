import { Field, ID, ObjectType } from "type-graphql";
import { ConnectionType } from "./connection";
import { DateTime } from "./scalars";

@ObjectType({ description: "A person in a workspace." })
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { description: "First and last name." })
  displayName!: string;

  @Field(() => String, { nullable: true })
  avatarUrl!: string | null;

  @Field(() => Boolean, { description: "Deactivated users cannot sign in." })
  isActive!: boolean;

  @Field(() => [String], { description: "Roles such as `user`, `premium`, `project_admin`, `admin`." })
  roles!: string[];

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime)
  updatedAt!: Date;
}

export const UserConnection = ConnectionType("User", User);

@ObjectType()
export class CreateUserPayload {
  @Field(() => User)
  user!: User;
}

@ObjectType()
export class UpdateUserPayload {
  @Field(() => User)
  user!: User;
}
