import type { ProjectRole } from "../../contract/project-roles";
import { LINK_INVERSE, type ActiveLinkType } from "../../contract/link-types";
import type { StateCategory, TransitionCondition, TransitionValidator, WorkflowRow, WorkflowTransition } from "../../db/tables";
import { ANY_STATE } from "./workflow.input";

/** What the rules read of an issue. */
export interface IssueFacts {
  id: string;
  projectId: string;
  issueType: string;
  status: string;
  assigneeId: string | null;
  reporterId: string;
  resolution: string | null;
  customFields: Record<string, unknown>;
}

/** What the rules read of the caller. */
export interface Caller {
  userId: string;
  scopes: ReadonlySet<string>;
  /** Their role in the issue's project; tenant administrators who are not members count as admins. */
  role: ProjectRole | null;
}

/** An issue the caller can see, linked to the one being moved, as `linked_issues_in_category` judges it. */
export interface LinkedIssue {
  /** The stored link: `source` `type` `target`. */
  type: ActiveLinkType;
  /** Whether the linked issue is the link's source. */
  isSource: boolean;
  key: string;
  /** Its workflow category; null when its status is not a state of its workflow. */
  category: StateCategory | null;
}

/** Why a transition cannot be used now, in words a person can act on. */
export interface TransitionBlock {
  kind: "condition" | "validator";
  rule: string;
  message: string;
}

const CATEGORY_WORDS: Record<StateCategory, string> = { todo: "to do", in_progress: "in progress", done: "done" };

/** The transitions out of `status`: those leaving from it by name, and those leaving from any state except into it. */
export function transitionsFrom(workflow: WorkflowRow, status: string): WorkflowTransition[] {
  return workflow.transitions.filter((transition) => (transition.fromState === status || transition.fromState === ANY_STATE) && transition.toState !== status);
}

function conditionBlock(condition: TransitionCondition, issue: IssueFacts, caller: Caller): string | null {
  switch (condition.type) {
    case "project_role":
      return caller.role && condition.roles.includes(caller.role) ? null : `only project ${condition.roles.map((role) => `${role}s`).join(" or ")} may use it`;
    case "assignee_only":
      return issue.assigneeId === caller.userId ? null : issue.assigneeId ? "only the assignee may use it" : "only the assignee may use it, and nobody is assigned";
    case "reporter_only":
      return issue.reporterId === caller.userId ? null : "only the reporter may use it";
    case "scope":
      return caller.scopes.has(condition.scope) ? null : `it needs the ${condition.scope} permission`;
  }
}

/** Whether the linked issue stands in `linkType` to the moving one: with `blocks`, the issues that block it. */
function relates(link: LinkedIssue, linkType: string): boolean {
  if (link.type === "relates_to") return linkType === "relates_to";
  return link.isSource ? link.type === linkType : LINK_INVERSE[link.type] === linkType;
}

function validatorBlocks(validator: TransitionValidator, issue: IssueFacts, links: readonly LinkedIssue[], comment: string | null | undefined): string[] {
  switch (validator.type) {
    case "field_required": {
      if (validator.field === "assignee_id") return issue.assigneeId ? [] : ["an assignee is required"];
      if (validator.field === "resolution") return issue.resolution ? [] : ["a resolution is required"];
      const value = issue.customFields[validator.field];
      return value === undefined || value === null || value === "" ? [`${validator.field} is required`] : [];
    }
    case "comment_required":
      // Unknown until the transition is executed: `needsComment` tells clients to ask for one.
      return comment === undefined || comment ? [] : ["a comment is required"];
    case "linked_issues_in_category":
      return links
        .filter((link) => relates(link, validator.linkType) && link.category !== validator.category)
        .map((link) => `${link.key} (${validator.linkType}) is not ${CATEGORY_WORDS[validator.category]}`);
  }
}

/**
 * Every reason `transition` cannot be used by `caller` on `issue` now.
 * `comment` undefined judges availability before anyone wrote one.
 */
export function transitionBlocks(
  transition: WorkflowTransition,
  issue: IssueFacts,
  caller: Caller,
  links: readonly LinkedIssue[],
  comment?: string | null,
  /** The issue as stored, when `issue` carries a request's other changes: who may move it is judged on what it is, not on what the request makes it. */
  stored: IssueFacts = issue,
): TransitionBlock[] {
  const blocks: TransitionBlock[] = [];
  for (const condition of transition.conditions) {
    const message = conditionBlock(condition, stored, caller);
    if (message) blocks.push({ kind: "condition", rule: condition.type, message });
  }
  for (const validator of transition.validators) {
    for (const message of validatorBlocks(validator, issue, links, comment)) blocks.push({ kind: "validator", rule: validator.type, message });
  }
  return blocks;
}

export const needsComment = (transition: WorkflowTransition) => transition.validators.some((validator) => validator.type === "comment_required");

export const needsLinks = (workflow: WorkflowRow | null) =>
  Boolean(workflow?.transitions.some((transition) => transition.validators.some((validator) => validator.type === "linked_issues_in_category")));
