import { Router } from "express";
import { DomainError } from "../errors/domain-error";
import type { RestRoute } from "./route";
import { recordRouteTemplate } from "./route-template";

/** The order methods are listed in `Allow`. */
const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * The table with a PATCH beside every PUT. A PUT here already changes only
 * the fields it is given (every field of the update inputs is optional), which
 * is what PATCH means, so both run the same operation. A path that declares
 * its own PATCH keeps it.
 */
export function withPatchForPut<Route extends RestRoute>(routes: readonly Route[]): Route[] {
  const declared = new Set(routes.map((route) => `${route.method} ${route.path}`));
  return routes.flatMap((route) =>
    route.method === "PUT" && !declared.has(`PATCH ${route.path}`) ? [route, { ...route, method: "PATCH" as const }] : [route],
  );
}

/** The methods each path of the table answers, as listed in `Allow`. */
export function allowedMethods(routes: readonly RestRoute[]): Map<string, string[]> {
  const byPath = new Map<string, Set<string>>();
  for (const route of withPatchForPut(routes)) {
    const methods = byPath.get(route.path) ?? new Set(["OPTIONS"]);
    methods.add(route.method);
    // Express answers HEAD with the GET handler, minus the body.
    if (route.method === "GET") methods.add("HEAD");
    byPath.set(route.path, methods);
  }
  return new Map([...byPath].map(([path, methods]) => [path, METHOD_ORDER.filter((method) => methods.has(method))]));
}

/**
 * Mounted after the routes: OPTIONS on a path of the table answers 204 with
 * `Allow`, any other method the path does not serve 405 with the same list.
 * CORS preflights never get here; the CORS middleware answers them first.
 */
export function methodRouter(routes: readonly RestRoute[]): Router {
  const router = Router();
  for (const [path, methods] of allowedMethods(routes)) {
    const allow = methods.join(", ");
    router.options(path, (req, res) => {
      recordRouteTemplate(req, res, path);
      res.setHeader("Allow", allow);
      res.status(204).end();
    });
    router.all(path, (req, res) => {
      recordRouteTemplate(req, res, path);
      res.setHeader("Allow", allow);
      throw new DomainError("METHOD_NOT_ALLOWED", "Method not allowed on this resource", { allowed_methods: methods });
    });
  }
  return router;
}
