import { z } from "zod";
import { ROLES } from "../../../auth/scopes";

/** Reusable field rules (seed 002 "Validation Rules"); strings are trimmed first. */
export const emailField = z
  .string({ error: "Email is required" })
  .trim()
  .min(1, "Email is required")
  .max(255, "Email must be at most 255 characters")
  .pipe(z.email({ error: "Email must be a valid email address" }));

export const newPasswordField = z
  .string({ error: "Password is required" })
  .min(1, "Password is required")
  .min(8, "Password must be at least 8 characters")
  // scrypt cost grows with input; an upper bound keeps hashing cheap to refuse.
  .max(128, "Password must be at most 128 characters")
  .regex(/[A-Z]/, "Password must contain an uppercase letter")
  .regex(/[0-9]/, "Password must contain a digit");

/** Usernames: 3–50 of these characters. */
export const USERNAME_LENGTH = { min: 3, max: 50 } as const;
export const NOT_USERNAME_CHARACTER = /[^A-Za-z0-9._-]/g;

export const usernameField = z
  .string({ error: "Username is required" })
  .trim()
  .min(1, "Username is required")
  .min(USERNAME_LENGTH.min, `Username must be at least ${USERNAME_LENGTH.min} characters`)
  .max(USERNAME_LENGTH.max, `Username must be at most ${USERNAME_LENGTH.max} characters`)
  .regex(/^[A-Za-z0-9._-]+$/, "Username may contain only letters, digits, '.', '_' and '-'");

export const personNameField = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(100, `${label} must be at most 100 characters`);

/** A person's full name (seed 002 `RegisterRequest.name`): 2–100 characters once trimmed. */
export const fullNameField = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .min(2, "Name must be at least 2 characters")
  .max(100, "Name must be at most 100 characters");

export const avatarUrlField = z
  .string()
  .trim()
  .max(2048, "Avatar URL must be at most 2048 characters")
  .pipe(z.url({ protocol: /^https?$/, error: "Avatar URL must be an http(s) URL" }))
  .nullable();

export const rolesField = z
  .array(z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(", ")}` }))
  .min(1, "At least one role is required")
  .max(ROLES.length, `At most ${ROLES.length} roles`)
  .transform((roles) => [...new Set(roles)]);

export const tenantNameField = z.string().trim().min(1, "Workspace name is required").max(100, "Workspace name must be at most 100 characters");
