import type { Request, Response } from "express";

/**
 * Remembers the template of the route that answers a request
 * (`/api/v1/issues/:id`), with the mount prefix of that moment: Express
 * restores `req.baseUrl` as a request leaves each router, so by the time an
 * error reaches the app's handler it no longer names the route. Metrics
 * label requests by it, so the label set stays as small as the route table.
 */
export function recordRouteTemplate(req: Request, res: Response, path: string): void {
  res.locals.routeTemplate = req.baseUrl + path;
}

/** The template recorded for the request this response answers, if a route recorded one. */
export const routeTemplateOf = (res: Response): string | undefined => res.locals.routeTemplate as string | undefined;
