import type { FieldError } from "../errors/error-codes";
import { auth } from "../services/auth";
import { issues, links } from "../services/issue";
import { members, projects, settingsProblems } from "../services/project";
import { users } from "../services/user";

/**
 * What a service refuses in one input object (relative field paths), without
 * acting on it. `refused`: the fields the caller gave that the door already
 * refused, which `value` leaves out.
 */
export type InputRule = (value: Record<string, unknown>, refused: ReadonlySet<string>) => FieldError[];

/** Service rules by GraphQL input type name. */
export type InputRules = Readonly<Record<string, InputRule>>;

/**
 * The service validation behind each input type whose fields the service
 * checks together. GraphQL refuses a mistyped input before any resolver
 * runs, so the service never sees it; the REST door runs these rules on the
 * well-typed fields to report both kinds of problem in one answer.
 * Single-field inputs are left out: a typing problem leaves nothing to check.
 */
export const inputRules: InputRules = {
  RegisterInput: auth.registerProblems,
  LoginInput: auth.loginProblems,
  ResetPasswordInput: auth.resetPasswordProblems,
  CreateUserInput: users.createUserProblems,
  UpdateUserInput: users.updateUserProblems,
  CreateProjectInput: projects.createProjectProblems,
  UpdateProjectInput: projects.updateProjectProblems,
  // Settings are checked on their own (createProject takes them as they are and merges them later).
  ProjectSettingsInput: settingsProblems,
  AddProjectMemberInput: members.addMemberProblems,
  CreateIssueInput: issues.createIssueProblems,
  UpdateIssueInput: issues.updateIssueProblems,
  AddIssueLinkInput: links.addLinkProblems,
};
