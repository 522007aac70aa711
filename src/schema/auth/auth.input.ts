import { Field, InputType } from "type-graphql";

@InputType({ description: "A new workspace and its first (administrator) user." })
export class RegisterInput {
  @Field(() => String, { description: "Email address; unique across all workspaces." })
  email!: string;

  @Field(() => String, { description: "At least 8 characters with an uppercase letter and a digit." })
  password!: string;

  @Field(() => String, { description: "3–50 letters, digits, `.`, `_` or `-`." })
  username!: string;

  @Field(() => String, { description: "First name, 1–100 characters." })
  firstName!: string;

  @Field(() => String, { description: "Last name, 1–100 characters." })
  lastName!: string;

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
