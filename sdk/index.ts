import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./openapi";

export type { paths, components, operations } from "./openapi";

export interface ApiClientOptions {
  /** Where the API runs, e.g. `http://localhost:4000`; `/api/v1` is added. */
  baseUrl: string;
  /** The access token, read before each request (so a refreshed one is used). */
  token?: () => string | undefined;
}

/**
 * A typed client of the REST door for integrations written in TypeScript:
 * paths, parameters, bodies and answers come from `openapi.json`
 * (`npm run sdk:generate`), so a call the server would refuse does not compile.
 */
export function createApiClient(options: ApiClientOptions) {
  const client = createClient<paths>({ baseUrl: `${options.baseUrl.replace(/\/$/, "")}/api/v1` });
  const bearer: Middleware = {
    onRequest({ request }) {
      const token = options.token?.();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}
