import type { Express, Request } from "express";

const TEMPLATE = Symbol("routeTemplate");
const ROUTE = Symbol("route");

type Tracked = Request & { [TEMPLATE]?: string; [ROUTE]?: Request["route"] };

/**
 * Makes every request of the app remember the template of the route that
 * matched it (`/api/v1/issues/:id`) with the mount prefix of that moment.
 * Express restores `req.baseUrl` as a request leaves each router but keeps
 * `req.route`, so once a handler's error has travelled up to the app's
 * error handler, `baseUrl + route.path` at `finish` would read
 * `/issues/:id` instead of `/api/v1/issues/:id`.
 *
 * The accessor is defined once, on the app's request prototype, where
 * Express's `req.route = …` finds it: one per request kept requests alive past
 * their answer (docs/decisions/002-route-template-on-prototype.md).
 */
export function trackRouteTemplates(app: Express): void {
  Object.defineProperty(app.request, "route", {
    configurable: true,
    enumerable: true,
    get(this: Tracked) {
      return this[ROUTE];
    },
    set(this: Tracked, route: Request["route"]) {
      this[ROUTE] = route;
      this[TEMPLATE] = typeof route?.path === "string" ? this.baseUrl + route.path : undefined;
    },
  });
}

/** The template of the route that matched the request, if one did. */
export const routeTemplateOf = (req: Request): string | undefined => (req as Tracked)[TEMPLATE];
