import { and, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { assertCanUpdateUser } from "../../auth/policies/user.policy";
import { hashPassword } from "../../auth/password";
import { users, type UserRow } from "../../db/tables";
import { isUuid } from "../../db/uuid";
import { DomainError, notFound } from "../../errors/domain-error";
import { type AuthenticatedContext, avatarUrlField, emailField, newPasswordField, personNameField, rolesField, usernameField, inputProblems, parseInput, withoutNulls } from "../common";
import { likeContaining } from "../../db/queries/like";
import { afterCursor, cursorKey, orderTerms, sortKey, type ListOrder } from "../../db/queries/keyset";
import { pageOf, probeLimit, totalOf, type Page, type PageWindow } from "../../db/queries/pagination";
import { appendEvents } from "../../events/outbox";
import { revokeUserSessions } from "../session";
import { insertUser } from "./user-insert";
import { assertUnchangedSince, expectedUpdatedAtField, lockUnchangedSince } from "../../db/queries/optimistic-lock";

const createSchema = z.object({
  email: emailField,
  username: usernameField,
  password: newPasswordField,
  firstName: personNameField("First name"),
  lastName: personNameField("Last name"),
  roles: rolesField.nullish(),
});

const updateSchema = z.object({
  firstName: personNameField("First name").optional(),
  lastName: personNameField("Last name").optional(),
  avatarUrl: avatarUrlField.optional(),
  roles: rolesField.optional(),
  isActive: z.boolean().optional(),
  expectedUpdatedAt: expectedUpdatedAtField,
});

// Null leaves a field as it is, except an avatar URL, which it clears.
const updateChanges = (input: unknown) => withoutNulls(input, ["avatarUrl"]);

/** What `createUser` refuses in `input` before acting, for a door that reports it beside its own checks. */
export const createUserProblems = (input: unknown) => inputProblems(createSchema, input);

/** What `updateUser` refuses in `input` before acting. */
export const updateUserProblems = (input: unknown) => inputProblems(updateSchema, updateChanges(input));

/** A user of the actor's tenant; another tenant's id answers exactly like a missing one. */
export async function getUser(ctx: AuthenticatedContext, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw notFound("User");
  const [user] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.tenantId, ctx.actor.tenantId)));
  if (!user) throw notFound("User");
  return user;
}

const listSchema = z.object({ search: z.string().trim().max(100, "Search must be at most 100 characters").nullish() });

export type UserListFilter = z.input<typeof listSchema>;

/** Users are listed oldest first; the list has no other sort. */
const USER_ORDER: ListOrder = {
  tag: "user:created_at",
  terms: [
    { ...sortKey(users.createdAt), descending: false },
    { ...sortKey(users.id), descending: false },
  ],
};

/** Users of the actor's tenant, oldest first, optionally matching `search` in name, username or email. */
export async function listUsers(ctx: AuthenticatedContext, filter: UserListFilter, window: PageWindow): Promise<Page<UserRow>> {
  const { search: term } = parseInput(listSchema, filter);
  const conditions: SQL[] = [eq(users.tenantId, ctx.actor.tenantId)];
  if (term) {
    const pattern = likeContaining(term);
    conditions.push(
      or(
        ilike(users.username, pattern),
        ilike(users.email, pattern),
        ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, pattern),
      )!,
    );
  }
  const where = and(...conditions);
  const counted = ctx.db.select({ value: count() }).from(users).where(where);
  const rows = await ctx.db
    .select({ row: users, key: cursorKey(USER_ORDER), total: totalOf(counted) })
    .from(users)
    .where(window.after ? and(where, afterCursor(USER_ORDER, window.after)) : where)
    .orderBy(...orderTerms(USER_ORDER))
    .limit(probeLimit(window))
    .offset(window.offset);
  return pageOf(window, USER_ORDER, rows, async () => (await counted)[0]!.value);
}

/** An administrator adds a user to their own tenant. */
export async function createUser(ctx: AuthenticatedContext, input: unknown): Promise<UserRow> {
  const data = parseInput(createSchema, input);
  const passwordHash = await hashPassword(data.password);
  return ctx.db.transaction(async (tx) => {
    const user = await insertUser(tx, {
      tenantId: ctx.actor.tenantId,
      email: data.email,
      username: data.username,
      firstName: data.firstName,
      lastName: data.lastName,
      passwordHash,
      roles: data.roles ?? ["user"],
    });
    await appendEvents(tx, { type: "user.created", tenantId: user.tenantId, actorId: ctx.actor.userId, subjectUserId: user.id });
    return user;
  });
}

/**
 * Profile changes by the user or an administrator; roles and activation by
 * an administrator only. Deactivating signs the user out everywhere.
 */
export async function updateUser(ctx: AuthenticatedContext, id: string, input: unknown): Promise<UserRow> {
  const { expectedUpdatedAt, ...changes } = parseInput(updateSchema, updateChanges(input));
  const target = await getUser(ctx, id);
  assertCanUpdateUser(ctx.actor, target, changes);
  if (target.id === ctx.actor.userId && (changes.isActive === false || (changes.roles && !changes.roles.includes("admin")))) {
    throw new DomainError("RESOURCE_CONFLICT", "You cannot deactivate yourself or remove your own admin role");
  }
  if (Object.keys(changes).length === 0) {
    assertUnchangedSince(target.updatedAt, expectedUpdatedAt);
    return target;
  }
  const updated = await ctx.db.transaction(async (tx) => {
    await lockUnchangedSince(tx, users, target.id, expectedUpdatedAt);
    const [row] = await tx
      .update(users)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(users.id, target.id), eq(users.tenantId, ctx.actor.tenantId)))
      .returning();
    const deactivated = changes.isActive === false && target.isActive;
    await appendEvents(tx, {
      type: "user.updated",
      alsoTypes: deactivated ? ["user.deactivated"] : [],
      tenantId: target.tenantId,
      actorId: ctx.actor.userId,
      subjectUserId: target.id,
      payload: { changes: Object.keys(changes) },
    });
    if (deactivated) await revokeUserSessions(tx, target.id, "deactivated");
    return row!;
  });
  ctx.userViews.forget(target.id);
  return updated;
}
