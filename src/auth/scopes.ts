/** Permission scopes of seed 001 §2.3, plus `admin:users` for user administration (§3.2 "admin only"). */
export const SCOPES = [
  "read:profile",
  "write:profile",
  "read:notifications",
  "write:notifications",
  "admin:users",
  "read:projects",
  "write:projects",
  "admin:projects",
  "read:project_members",
  "write:project_members",
  "read:issues",
  "write:issues",
  "admin:issues",
  "read:comments",
  "write:comments",
  "read:workflows",
  "write:workflows",
  "admin:workflows",
  "execute:workflows",
  "read:reports",
  "write:reports",
  "admin:reports",
  "export:data",
] as const;

export type Scope = (typeof SCOPES)[number];

export const ROLES = ["user", "premium", "project_admin", "admin"] as const;
export type Role = (typeof ROLES)[number];

const userScopes: Scope[] = [
  "read:profile",
  "write:profile",
  "read:notifications",
  "write:notifications",
  "read:projects",
  "write:projects",
  "read:project_members",
  // Whether a user may actually manage a project's members is decided by their role in that project.
  "write:project_members",
  "read:issues",
  "write:issues",
  "read:comments",
  "write:comments",
  "read:workflows",
  "execute:workflows",
  "read:reports",
  "write:reports",
];

const roleScopes: Record<Role, readonly Scope[]> = {
  user: userScopes,
  // Premium differs only in rate-limit tier.
  premium: userScopes,
  project_admin: [
    ...userScopes,
    "admin:projects",
    "admin:issues",
    "write:workflows",
    "admin:workflows",
  ],
  admin: SCOPES,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The union of the scopes of the given roles, in the canonical order of SCOPES. */
export function scopesForRoles(roles: readonly string[]): Scope[] {
  const granted = new Set(roles.filter(isRole).flatMap((role) => roleScopes[role]));
  return SCOPES.filter((scope) => granted.has(scope));
}

/** An actor's `roles` and `scopes` from roles as stored now, which outrank the ones a token was issued with. */
export const grantsOf = (roles: readonly string[]) => ({ roles, scopes: new Set(scopesForRoles(roles)) });
