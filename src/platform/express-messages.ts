import { IncomingMessage, ServerResponse } from "node:http";
import type { Express, Request, Response } from "express";

/**
 * Request and response classes for the API's HTTP server, built so that
 * each request and response is born with the Express app's prototype.
 *
 * Express otherwise switches the prototype of every request and response
 * to `app.request` / `app.response` with `Object.setPrototypeOf` as it
 * enters the app, and V8's young-generation collector then keeps such
 * objects, and all they reach, alive after they are unreachable: a loop
 * that switches each new object's prototype promotes 9.5% of what it
 * allocates to the old generation, the same loop without the switch
 * nothing; a bare Express app promoted 7.6% of its allocation, 1.4% with
 * these classes. Under load the old generation filled with dead requests
 * within seconds, and each scavenge copied megabytes of them.
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
