import { ArgsType, Field, InputType } from "type-graphql";
import { ConnectionArgs, EXPECTED_UPDATED_AT, DateTime, IDEMPOTENCY_KEY } from "../common";

@InputType({ description: "A new user in the administrator's workspace." })
export class CreateUserInput {
  @Field(() => String, { description: "Email address; unique across all workspaces." })
  email!: string;

  @Field(() => String, { description: "3–50 letters, digits, `.`, `_` or `-`; unique in the workspace." })
  username!: string;

  @Field(() => String, { description: "At least 8 characters with an uppercase letter and a digit." })
  password!: string;

  @Field(() => String, { description: "First name, 1–100 characters." })
  firstName!: string;

  @Field(() => String, { description: "Last name, 1–100 characters." })
  lastName!: string;

  @Field(() => [String], { nullable: true, description: "Defaults to `[\"user\"]`." })
  roles?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: IDEMPOTENCY_KEY,
  })
  idempotencyKey?: string;
}

@InputType({ description: "Fields to change; omitted fields stay as they are." })
export class UpdateUserInput {
  @Field(() => String, { nullable: true, description: "First name." })
  firstName?: string;

  @Field(() => String, { nullable: true, description: "Last name." })
  lastName?: string;

  @Field(() => String, { nullable: true, description: "`null` removes the avatar." })
  avatarUrl?: string | null;

  @Field(() => [String], { nullable: true, description: "Administrators only." })
  roles?: string[];

  @Field(() => Boolean, { nullable: true, description: "Administrators only; `false` deactivates and signs the user out." })
  isActive?: boolean;

  @Field(() => DateTime, { nullable: true, description: EXPECTED_UPDATED_AT })
  expectedUpdatedAt?: Date;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "Matches name, username or email." })
  search?: string | null;
}
