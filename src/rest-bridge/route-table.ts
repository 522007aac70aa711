import type { RestRoute } from "./route";
import { authRoutes } from "./routes/auth.routes";
import { userRoutes } from "./routes/user.routes";

/** Every documented REST route, each answered by a GraphQL operation. */
export const routeTable: RestRoute[] = [...authRoutes, ...userRoutes];
