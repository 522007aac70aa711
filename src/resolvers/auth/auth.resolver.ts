import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { AuthPayload, MessagePayload, TokenPair, ForgotPasswordInput, LoginInput, RefreshTokenInput, RegisterInput, ResetPasswordInput } from "../../schema/auth";
import { auth } from "../../services/auth";
import { authenticated, type GraphQLContext } from "../../graphql/context";

const TOKEN_TYPE = "Bearer";

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: "Create a workspace and its first administrator, and sign in." })
  async register(@Arg("input", () => RegisterInput, { description: "Workspace and user." }) input: RegisterInput, @Ctx() ctx: GraphQLContext) {
    return { ...(await auth.register(ctx, input)), tokenType: TOKEN_TYPE };
  }

  @Mutation(() => AuthPayload, { description: "Sign in with email and password." })
  async login(@Arg("input", () => LoginInput, { description: "Credentials." }) input: LoginInput, @Ctx() ctx: GraphQLContext) {
    return { ...(await auth.login(ctx, input)), tokenType: TOKEN_TYPE };
  }

  @Mutation(() => TokenPair, { description: "Exchange a refresh token for a new token pair; the old refresh token stops working." })
  async refreshToken(@Arg("input", () => RefreshTokenInput, { description: "The refresh token." }) input: RefreshTokenInput, @Ctx() ctx: GraphQLContext) {
    return { ...(await auth.refresh(ctx, input)), tokenType: TOKEN_TYPE };
  }

  @Mutation(() => MessagePayload, { description: "End the current session." })
  async logout(@Ctx() ctx: GraphQLContext) {
    await auth.logout(authenticated(ctx));
    return { message: "Successfully logged out" };
  }

  @Mutation(() => MessagePayload, { description: "Mail a password-reset link; answers the same for unknown addresses." })
  async forgotPassword(@Arg("input", () => ForgotPasswordInput, { description: "Email address of the account." }) input: ForgotPasswordInput, @Ctx() ctx: GraphQLContext) {
    await auth.forgotPassword(ctx, input);
    return { message: "If the address is registered, a password reset link has been sent" };
  }

  @Mutation(() => MessagePayload, { description: "Choose a new password with a reset token; signs out every session." })
  async resetPassword(@Arg("input", () => ResetPasswordInput, { description: "Token and new password." }) input: ResetPasswordInput, @Ctx() ctx: GraphQLContext) {
    await auth.resetPassword(ctx, input);
    return { message: "Password has been reset" };
  }
}
