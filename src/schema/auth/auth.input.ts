import { Field, InputType } from "type-graphql";

@InputType({
  description: "A new workspace and its first (administrator) user: either `username`, `firstName` and `lastName`, or `name` (seed 002).",
})
export class RegisterInput {
  @Field(() => String, { description: "Email address; unique across all workspaces." })
  email!: string;

  @Field(() => String, { description: "At least 8 characters with an uppercase letter and a digit." })
  password!: string;

  @Field(() => String, {
    nullable: true,
    description: "Full name, 2–100 characters, instead of `firstName` and `lastName`: the last word becomes the last name, the words before it the first name (one word: an empty last name).",
  })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "3–50 letters, digits, `.`, `_` or `-`. Required with `firstName` and `lastName`; with `name`, derived from the name (`jane.doe`, then `jane.doe-2`, …) when omitted.",
  })
  username?: string | null;

  @Field(() => String, { nullable: true, description: "First name, 1–100 characters; required unless `name` is given." })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: "Last name, 1–100 characters; required unless `name` is given." })
  lastName?: string | null;

  @Field(() => String, { nullable: true, description: "Defaults to \"<first> <last>'s workspace\"." })
  tenantName?: string | null;
}

@InputType({ description: "Credentials." })
export class LoginInput {
  @Field(() => String, { description: "Email address." })
  email!: string;

  @Field(() => String, { description: "Password." })
  password!: string;
}

@InputType({ description: "A refresh token to exchange." })
export class RefreshTokenInput {
  @Field(() => String, { description: "The newest refresh token of the session." })
  refreshToken!: string;
}

@InputType({ description: "Who forgot their password." })
export class ForgotPasswordInput {
  @Field(() => String, { description: "Email address of the account." })
  email!: string;
}

@InputType({ description: "A reset token and the new password." })
export class ResetPasswordInput {
  @Field(() => String, { description: "Token from the reset link." })
  token!: string;

  @Field(() => String, { description: "New password: at least 8 characters with an uppercase letter and a digit." })
  password!: string;
}
