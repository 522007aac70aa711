import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { UserRow } from "../../db/tables";
import { CreateUserInput, UpdateUserInput, UsersArgs, CreateUserPayload, UpdateUserPayload, User, UserConnection } from "../../schema/user";
import { users } from "../../services/user";
import { authenticated, type GraphQLContext } from "../../graphql/context";
import { pageWindow, toConnection, idempotent } from "../common";

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { description: "The signed-in user." })
  me(@Ctx() ctx: GraphQLContext) {
    const actorCtx = authenticated(ctx);
    return users.getUser(actorCtx, actorCtx.actor.userId);
  }

  @Query(() => User, { description: "A user of your workspace." })
  user(@Arg("id", () => ID, { description: "User id." }) id: string, @Ctx() ctx: GraphQLContext) {
    return users.getUser(authenticated(ctx), id);
  }

  @Query(() => UserConnection, { description: "Users of your workspace, oldest first (administrators)." })
  async users(@Args(() => UsersArgs) { first, after, search }: UsersArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await users.listUsers(authenticated(ctx), { search }, pageWindow(first, after)));
  }

  @Mutation(() => CreateUserPayload, { description: "Add a user to your workspace (administrators)." })
  async createUser(@Arg("input", () => CreateUserInput, { description: "The user." }) input: CreateUserInput, @Ctx() ctx: GraphQLContext) {
    const actor = authenticated(ctx);
    return idempotent(actor, "createUser", input, async (fields) => ({ user: await users.createUser(actor, fields) }), {
      idOf: (payload) => payload.user.id,
      load: async (id) => ({ user: await users.getUser(actor, id) }),
    });
  }

  @Mutation(() => UpdateUserPayload, { description: "Change a profile (yourself or, as administrator, anyone)." })
  async updateUser(
    @Arg("id", () => ID, { description: "User id." }) id: string,
    @Arg("input", () => UpdateUserInput, { description: "Fields to change." }) input: UpdateUserInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { user: await users.updateUser(authenticated(ctx), id, input) };
  }

  @FieldResolver(() => String, { description: "First and last name." })
  displayName(@Root() user: Pick<UserRow, "firstName" | "lastName">) {
    // A one-word name registers with an empty last name.
    return user.lastName ? `${user.firstName} ${user.lastName}` : user.firstName;
  }
}
