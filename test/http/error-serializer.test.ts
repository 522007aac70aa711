import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { serializeError } from "../../src/http/error-serializer";

describe("serializeError", () => {
  it("drops query parameters and PostgreSQL details but keeps codes and constraint names", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
      code: "23505",
      constraint_name: "users_email_unique",
      detail: "Key (lower(email))=(secret@example.com) already exists.",
    });
    const error = new DrizzleQueryError('insert into "users" ("email", "password_hash") values ($1, $2)', ["secret@example.com", "scrypt$32768$8$1$abc$def"], cause);
    const logged = JSON.stringify(serializeError(error));
    expect(logged).not.toContain("secret@example.com");
    expect(logged).not.toContain("scrypt$");
    expect(logged).toContain("users_email_unique");
    expect(logged).toContain('"code":"23505"');
    expect(logged).toContain("insert into");
  });

  it("handles non-errors", () => {
    expect(serializeError("boom")).toEqual({ message: "boom" });
  });
});
