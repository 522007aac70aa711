/** The part of negotiator 1.x (which ships no types) that compression.ts uses. */
declare module "negotiator" {
  import type { IncomingMessage } from "node:http";

  export default class Negotiator {
    constructor(request: Pick<IncomingMessage, "headers">);
    /** The best of `available` for the request's Accept-Encoding; `preferred` breaks ties. `identity` is acceptable unless refused. */
    encoding(available: readonly string[], options?: { preferred?: readonly string[] }): string | undefined;
  }
}
