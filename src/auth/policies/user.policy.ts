import { insufficientPermissions } from "../../errors/domain-error";
import { hasScope, type Actor } from "../actor";
import type { UserRow } from "../../db/tables";

export interface UserChanges {
  roles?: unknown;
  isActive?: unknown;
}

/**
 * Who may change a user: the user themself for profile fields, an
 * administrator (`admin:users`) for anyone and for roles and activation.
 * The caller has already loaded `target` within the actor's tenant.
 */
export function assertCanUpdateUser(actor: Actor, target: UserRow, changes: UserChanges): void {
  const administers = hasScope(actor, "admin:users");
  const touchesAdminFields = changes.roles !== undefined || changes.isActive !== undefined;
  if ((target.id !== actor.userId || touchesAdminFields) && !administers) {
    throw insufficientPermissions("admin:users", [...actor.scopes]);
  }
}
