// Relies on: Express 5.3.0 giving each app `app.request` / `app.response` prototypes (parent: its
// own request/response, own property `app`) and setting them on each request in `app.handle`. Breaks
// on upgrade if Express builds them otherwise: pinned by test/platform/express-messages.test.ts.

import { IncomingMessage, ServerResponse } from "node:http";
import type { Express, Request, Response } from "express";

/**
 * Request and response classes for the API's HTTP server, built so that
 * each request and response is born with the Express app's prototype.
 *
 * Express otherwise switches each one's prototype with `Object.setPrototypeOf`,
 * and V8's young collector keeps objects so switched, and all they reach,
 * alive after their answer (docs/decisions/001-express-app-prototypes.md).
 *
 * Classes per server, not per process: each app's prototypes name that app
 * (`req.app`), and tests run several servers in one process. WebSocket
 * upgrade requests are born with the app's prototype too; the socket layer
 * reads only their headers, URL and socket.
 */
export interface ExpressMessages {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
  /** Makes these classes' prototypes the app's `request` and `response`; call before the server takes its first request. */
  replaceAppPrototypes(app: Express): void;
}

/** Puts `prototype` where Express's own per-app prototype stood: same parent, same own properties (`app`). */
function takeThePlaceOf(prototype: object, appPrototype: object): void {
  Object.setPrototypeOf(prototype, Object.getPrototypeOf(appPrototype));
  Object.defineProperties(prototype, Object.getOwnPropertyDescriptors(appPrototype));
}

export function expressMessages(): ExpressMessages {
  class AppRequest extends IncomingMessage {}
  class AppResponse<Req extends IncomingMessage = IncomingMessage> extends ServerResponse<Req> {}
  let adopted = false;
  return {
    IncomingMessage: AppRequest,
    ServerResponse: AppResponse,
    replaceAppPrototypes(app) {
      if (adopted) throw new Error("these request classes already belong to an app");
      adopted = true;
      takeThePlaceOf(AppRequest.prototype, app.request);
      takeThePlaceOf(AppResponse.prototype, app.response);
      app.request = AppRequest.prototype as unknown as Request;
      app.response = AppResponse.prototype as unknown as Response;
    },
  };
}
