import type { ProjectRole } from "../../contract";
import { isTenantAdmin, type Actor } from "../actor";

export type { ProjectRole };

/**
 * What can be done inside a project:
 * - `read`: see the project, its issues, comments and members;
 * - `contribute`: create and change issues, comment, link;
 * - `administer`: change the project, its settings and its members.
 */
export type ProjectAction = "read" | "contribute" | "administer";

/** Deny by default: tenant admins may do anything, others according to their project role. */
export function projectRoleAllows(actor: Actor, role: ProjectRole | null, action: ProjectAction): boolean {
  if (isTenantAdmin(actor)) return true;
  if (role === null) return false;
  if (action === "read") return true;
  if (action === "contribute") return role === "admin" || role === "member";
  return role === "admin";
}
