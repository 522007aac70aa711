import type { Actor } from "../auth/actor";
import type { DomainError } from "../errors/domain-error";

declare global {
  namespace Express {
    interface Request {
      /** Sane client `X-Request-ID` or a new UUID; echoed in the header and `meta.request_id`. */
      requestId: string;
      /** The authenticated caller, or null for anonymous requests. */
      actor: Actor | null;
      /** Why a presented bearer token was refused; answered by operations that need a user. */
      authFailure: DomainError | null;
    }
  }
}
