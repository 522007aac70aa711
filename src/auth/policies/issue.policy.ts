import type { Actor } from "../actor";
import { projectRoleAllows, type ProjectRole } from "./project.policy";

/** Issues are deleted by their reporter or by project administrators. */
export function canDeleteIssue(actor: Actor, role: ProjectRole | null, issue: { reporterId: string }): boolean {
  return (
    projectRoleAllows(actor, role, "administer") ||
    (issue.reporterId === actor.userId && projectRoleAllows(actor, role, "contribute"))
  );
}

/** Comments are edited or removed by their author (while a contributor) or by project administrators. */
export function canChangeComment(actor: Actor, role: ProjectRole | null, comment: { authorId: string }): boolean {
  return (
    projectRoleAllows(actor, role, "administer") ||
    (comment.authorId === actor.userId && projectRoleAllows(actor, role, "contribute"))
  );
}
