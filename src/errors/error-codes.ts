/**
 * Every error code the API answers with, and the HTTP status the REST bridge
 * gives it. Codes come from seed 001 §11.2 and seed 002; the few additions
 * (`UNAUTHORIZED`, `PAYLOAD_TOO_LARGE`, ...) cover transport cases the seeds
 * leave unnamed.
 */
export const errorStatus = {
  VALIDATION_ERROR: 400,
  INVALID_ENUM_VALUE: 400,
  RESET_TOKEN_INVALID: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_INVALID: 401,
  REFRESH_TOKEN_EXPIRED: 401,
  INSUFFICIENT_PERMISSIONS: 403,
  RESOURCE_FORBIDDEN: 403,
  REGISTRATION_DISABLED: 403,
  RESOURCE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_API_VERSION: 406,
  EMAIL_EXISTS: 409,
  RESOURCE_ALREADY_EXISTS: 409,
  RESOURCE_CONFLICT: 409,
  PROJECT_MEMBER_ALREADY_EXISTS: 409,
  IDEMPOTENT_REQUEST_IN_PROGRESS: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  WORKFLOW_TRANSITION_INVALID: 422,
  ASSIGNEE_NOT_MEMBER: 422,
  ISSUE_CANNOT_BE_DELETED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  DATABASE_CONNECTION_ERROR: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** Codes of single-field problems inside a VALIDATION_ERROR (seed 001 §11.2). */
export type FieldErrorCode =
  | "REQUIRED_FIELD_MISSING"
  | "INVALID_FORMAT"
  | "VALUE_TOO_LONG"
  | "VALUE_TOO_SHORT"
  | "INVALID_ENUM_VALUE"
  // Why a webhook URL is refused (seed 001 §14; SSRF rules in docs/webhooks.md).
  | "URL_INVALID"
  | "URL_SCHEME_NOT_ALLOWED"
  | "URL_CREDENTIALS_NOT_ALLOWED"
  | "URL_NOT_PUBLIC";

export interface FieldError {
  /** Path of the offending input field, dot-separated, in GraphQL (camelCase) names. */
  field: string;
  code: FieldErrorCode;
  message: string;
}

export function statusOf(code: string): number {
  return (errorStatus as Record<string, number>)[code] ?? 500;
}
