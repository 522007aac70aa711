import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { users } from "../../db/tables";
import { notFound, validationError } from "../../errors/domain-error";

/** A user of the tenant, active or not; users of other tenants answer 404 like missing ones. */
export async function findTenantUser(db: Database, tenantId: string, userId: string) {
  const [user] = await db
    .select({ id: users.id, isActive: users.isActive })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.tenantId, tenantId)));
  if (!user) throw notFound("User");
  return user;
}

/** A user who can take on work (lead, member, assignee): in the tenant and not deactivated. */
export async function requireActiveTenantUser(db: Database, tenantId: string, userId: string, field = "userId") {
  const user = await findTenantUser(db, tenantId, userId);
  if (!user.isActive) throw validationError([{ field, code: "INVALID_FORMAT", message: "User is deactivated" }]);
  return user;
}
