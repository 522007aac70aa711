import type { RestRoute } from "./route";
import { adminRoutes } from "./routes/admin.routes";
import { authRoutes } from "./routes/auth.routes";
import { issueRoutes } from "./routes/issue.routes";
import { projectRoutes } from "./routes/project.routes";
import { userRoutes } from "./routes/user.routes";
import { webhookRoutes } from "./routes/webhook.routes";
import { workflowRoutes } from "./routes/workflow.routes";

/** Every documented REST route, each answered by a GraphQL operation. */
export const routeTable: RestRoute[] = [...authRoutes, ...userRoutes, ...projectRoutes, ...issueRoutes, ...webhookRoutes, ...workflowRoutes, ...adminRoutes];
