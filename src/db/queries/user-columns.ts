import { getTableColumns } from "drizzle-orm";
import { users, type UserRow } from "../tables";

const { passwordHash: _passwordHash, failedLoginCount: _failedLoginCount, lockedUntil: _lockedUntil, ...readable } = getTableColumns(users);

/**
 * The columns of a user that other rows' readers need (an issue's assignee,
 * a comment's author): not the password hash, which only sign-in reads, nor
 * the retired lockout columns. They then never sit in a request's loaders.
 */
export const userViewColumns = readable;
export type UserView = Omit<UserRow, "passwordHash" | "failedLoginCount" | "lockedUntil">;
