import { statusOf, type ErrorCode, type FieldError } from "./error-codes";

/** Field problems, or a code's own shape: one object, or a list of them (a refused transition's blocks). */
export type ErrorDetails = FieldError[] | Record<string, unknown> | Record<string, unknown>[];

/**
 * The one error type of the domain. Its message is safe to show to clients;
 * anything else thrown is treated as a bug and answered without internals.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Response headers that belong to the error, such as `Retry-After`. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = "DomainError";
  }

  /**
   * Read by graphql-js when it wraps this error. Authentication failures
   * (401) and spent rate limits (429) carry their HTTP status so Apollo
   * answers GraphQL requests with it too; other errors keep GraphQL's 200.
   */
  get extensions(): Record<string, unknown> {
    const status = statusOf(this.code);
    const headers = this.headers ? { headers: new Map(Object.entries(this.headers)) } : {};
    return {
      code: this.code,
      ...(this.details ? { details: this.details } : {}),
      ...(status === 401 || status === 429 ? { http: { status, ...headers } } : {}),
    };
  }
}

export const notFound = (what: string) => new DomainError("RESOURCE_NOT_FOUND", `${what} not found`);

export const validationError = (details: FieldError[]) =>
  new DomainError("VALIDATION_ERROR", "Request validation failed", details);

export const insufficientPermissions = (required: string, held: readonly string[]) =>
  new DomainError("INSUFFICIENT_PERMISSIONS", "You don't have permission to access this resource", {
    required_permission: required,
    user_permissions: [...held],
  });
