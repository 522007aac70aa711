import type { Database } from "../../db/client";
import { users, type UserRow } from "../../db/tables";
import { uniqueViolation } from "../../db/pg-error";
import { DomainError } from "../../errors/domain-error";

export type NewUser = Pick<UserRow, "tenantId" | "email" | "username" | "firstName" | "lastName" | "passwordHash" | "roles">;

/** Inserts a user, turning the uniqueness constraints into the contract's 409 codes. */
export async function insertUser(db: Database, values: NewUser): Promise<UserRow> {
  try {
    const [user] = await db.insert(users).values(values).returning();
    return user!;
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === "users_email_unique") {
      throw new DomainError("EMAIL_EXISTS", "Email already registered", { field: "email" });
    }
    if (constraint === "users_tenant_username_unique") {
      throw new DomainError("RESOURCE_ALREADY_EXISTS", "Username is already taken in this workspace", {
        field: "username",
      });
    }
    throw error;
  }
}
