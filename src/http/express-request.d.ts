import type { Actor } from "../auth/actor";

declare global {
  namespace Express {
    interface Request {
      /** Sane client `X-Request-ID` or a new UUID; echoed in the header and `meta.request_id`. */
      requestId: string;
      /** The authenticated caller, or null for anonymous requests. */
      actor: Actor | null;
    }
  }
}
