import type { GraphQLSchema } from "graphql";
import type { IMiddlewareFieldMap, IMiddlewareTypeMap } from "graphql-middleware";
import { allow, deny, rule, shield, type IRule, type IRules } from "graphql-shield";
import { DomainError, insufficientPermissions } from "../errors/domain-error";
import type { Actor } from "./actor";
import type { Scope } from "./scopes";

/** What the rules read of a resolver context. */
export interface ShieldContext {
  actor: Actor | null;
  /** Why a presented token was refused, when it was. */
  authFailure?: DomainError | null;
}

/** No actor: the reason a presented token was refused, or that none was presented. */
export const unauthenticated = (ctx: ShieldContext) =>
  ctx.authFailure ?? new DomainError("UNAUTHORIZED", "Authentication required");

const isAuthenticated = rule({ cache: "contextual" })((_parent, _args, ctx: ShieldContext) =>
  ctx.actor ? true : unauthenticated(ctx),
);

const scopeRules = new Map<Scope, IRule>();

/** Requires a signed-in actor holding `scope`; answers 401 or 403 with `required_permission`. */
export function requireScope(scope: Scope): IRule {
  let existing = scopeRules.get(scope);
  if (!existing) {
    existing = rule(`scope:${scope}`, { cache: "contextual" })((_parent, _args, ctx: ShieldContext) => {
      if (!ctx.actor) return unauthenticated(ctx);
      return ctx.actor.scopes.has(scope) ? true : insufficientPermissions(scope, [...ctx.actor.scopes]);
    });
    scopeRules.set(scope, existing);
  }
  return existing;
}

/**
 * Coarse checks (authentication, scopes) for every root field. Root fields
 * not listed are denied, so a new operation is closed until it is given a
 * rule here. Resource-level access is checked in the services.
 */
const ruleTree = {
  Query: {
    "*": deny,
    me: isAuthenticated,
    user: requireScope("read:profile"),
    users: requireScope("admin:users"),
    projects: requireScope("read:projects"),
    project: requireScope("read:projects"),
    projectMembers: requireScope("read:project_members"),
    issues: requireScope("read:issues"),
    issue: requireScope("read:issues"),
    // Webhooks have no scope of their own in the seed: who may manage one is a matter of role, checked in the service.
    webhooks: isAuthenticated,
    webhook: isAuthenticated,
    workflows: requireScope("read:workflows"),
    workflow: requireScope("read:workflows"),
  },
  Mutation: {
    "*": deny,
    register: allow,
    login: allow,
    refreshToken: allow,
    forgotPassword: allow,
    resetPassword: allow,
    logout: isAuthenticated,
    createUser: requireScope("admin:users"),
    updateUser: requireScope("write:profile"),
    createProject: requireScope("write:projects"),
    updateProject: requireScope("write:projects"),
    deleteProject: requireScope("admin:projects"),
    addProjectMember: requireScope("write:project_members"),
    updateProjectMember: requireScope("write:project_members"),
    removeProjectMember: requireScope("write:project_members"),
    createIssue: requireScope("write:issues"),
    updateIssue: requireScope("write:issues"),
    deleteIssue: requireScope("write:issues"),
    addIssueLink: requireScope("write:issues"),
    removeIssueLink: requireScope("write:issues"),
    addComment: requireScope("write:comments"),
    updateComment: requireScope("write:comments"),
    deleteComment: requireScope("write:comments"),
    createWebhook: isAuthenticated,
    updateWebhook: isAuthenticated,
    deleteWebhook: isAuthenticated,
    rotateWebhookSecret: isAuthenticated,
    pingWebhook: isAuthenticated,
    redeliverWebhookDelivery: isAuthenticated,
    createWorkflow: requireScope("write:workflows"),
    updateWorkflow: requireScope("write:workflows"),
    deleteWorkflow: requireScope("admin:workflows"),
    executeTransition: requireScope("execute:workflows"),
    seedTestData: isAuthenticated,
    resetTestData: isAuthenticated,
  },
  Subscription: {
    "*": deny,
    issueUpdated: requireScope("read:issues"),
    issueEvents: requireScope("read:issues"),
    projectUpdated: requireScope("read:projects"),
  },
  Project: {
    members: requireScope("read:project_members"),
    issues: requireScope("read:issues"),
  },
  Issue: {
    comments: requireScope("read:comments"),
    workflow: requireScope("read:workflows"),
    availableTransitions: requireScope("read:workflows"),
  },
} satisfies IRules;

/** What a root field asks of its caller, as the rule tree says: for the OpenAPI document's security. */
export type RootFieldAccess = { kind: "public" } | { kind: "authenticated" } | { kind: "scope"; scope: Scope };

export function rootFieldAccess(type: "Query" | "Mutation", field: string): RootFieldAccess {
  const rule: unknown = (ruleTree[type] as Record<string, unknown>)[field];
  if (rule === allow) return { kind: "public" };
  const scope = [...scopeRules].find(([, scoped]) => scoped === rule)?.[0];
  return scope ? { kind: "scope", scope } : { kind: "authenticated" };
}

const shielded = shield(ruleTree, {
  allowExternalErrors: true,
  fallbackRule: allow,
  fallbackError: () => new DomainError("INSUFFICIENT_PERMISSIONS", "This operation is not available"),
});

/**
 * Shield's middleware for the fields the rule tree names, and for every
 * field of a type with a `*` rule (the root types, where it denies what is
 * not listed). shield() also wraps every other field of every type in its
 * fallback rule, `allow`: an async check per resolved value that cannot
 * fail, which made a 50-issue board build hundreds of promises for nothing.
 * Those wrappers are left out; every rule that can refuse is kept.
 */
export function permissions(schema: GraphQLSchema): IMiddlewareTypeMap {
  const generated = shielded.generate(schema) as Record<string, IMiddlewareFieldMap>;
  return Object.fromEntries(
    Object.entries(ruleTree).map(([type, fields]) => {
      const wrapped = generated[type]!;
      return [type, "*" in fields ? wrapped : Object.fromEntries(Object.keys(fields).map((field) => [field, wrapped[field]!]))];
    }),
  );
}
