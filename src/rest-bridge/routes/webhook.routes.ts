import { PAGE_PARAMETERS, bodyInput, optionalBodyInput, noContent, pageQuery, paginated, single, stringQuery } from "../mapping";
import { snakeKeys } from "../case";
import type { Responder, RestRoute } from "../route";
import { USER_SUMMARY } from "./fields";

const WEBHOOK_FIELDS = `id url events active filters { projectId } disabledReason disabledAt previousSecretExpiresAt
  owner { ${USER_SUMMARY} } createdAt updatedAt`;
const DELIVERY_FIELDS = "id event status nextAttemptAt createdAt completedAt attempts { attemptedAt durationMs responseStatus responseBody error }";

/** The hook's fields with the once-shown secret beside them, as §14.2's answer lists the hook at the top of `data`. */
const hookWithSecret = (path: string): Responder =>
  Object.assign(
    (data: Record<string, unknown>) => {
      const { webhook, ...rest } = data[path] as { webhook: Record<string, unknown> };
      return { data: snakeKeys({ ...webhook, ...rest }) };
    },
    { shape: { kind: "merged", path, spread: "webhook" } as const },
  );

/** Seed 001 §14.2, plus the delivery log, redelivery, ping and secret rotation. */
export const webhookRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/webhooks",
    query: [...PAGE_PARAMETERS, { name: "project_id", description: "Only hooks filtered to this project" }],
    operation: `query Webhooks($first: Int, $after: String, $projectId: ID) {
      webhooks(first: $first, after: $after, projectId: $projectId) { totalCount nodes { ${WEBHOOK_FIELDS} } } }`,
    variables: (request) => {
      const { first, after } = pageQuery(request);
      return { first, after, projectId: stringQuery(request, "project_id") };
    },
    respond: paginated("webhooks"),
  },
  {
    method: "POST",
    path: "/webhooks",
    operation: `mutation CreateWebhook($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } secret } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: hookWithSecret("createWebhook"),
    status: 201,
  },
  {
    method: "GET",
    path: "/webhooks/:id",
    operation: `query Webhook($id: ID!) { webhook(id: $id) { ${WEBHOOK_FIELDS} } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: single("webhook"),
  },
  {
    method: "PUT",
    path: "/webhooks/:id",
    operation: `mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { webhook { ${WEBHOOK_FIELDS} } } }`,
    variables: (request) => ({ id: request.params.id, input: bodyInput(request) }),
    respond: single("updateWebhook.webhook"),
  },
  {
    method: "DELETE",
    path: "/webhooks/:id",
    operation: `mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) { deletedId } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: noContent,
    status: 204,
  },
  {
    method: "POST",
    path: "/webhooks/:id/ping",
    operation: `mutation PingWebhook($id: ID!) { pingWebhook(id: $id) { delivery { ${DELIVERY_FIELDS} } } }`,
    variables: (request) => ({ id: request.params.id }),
    respond: single("pingWebhook.delivery"),
    status: 202,
  },
  {
    method: "POST",
    path: "/webhooks/:id/rotate-secret",
    bodyVariables: ["secret"],
    operation: `mutation RotateWebhookSecret($id: ID!, $secret: String) {
      rotateWebhookSecret(id: $id, secret: $secret) { webhook { ${WEBHOOK_FIELDS} } secret previousSecretExpiresAt } }`,
    variables: (request) => ({ id: request.params.id, secret: optionalBodyInput(request)?.secret ?? null }),
    respond: hookWithSecret("rotateWebhookSecret"),
  },
  {
    method: "GET",
    path: "/webhooks/:id/deliveries",
    query: PAGE_PARAMETERS,
    operation: `query WebhookDeliveries($id: ID!, $first: Int, $after: String) {
      webhook(id: $id) { deliveries(first: $first, after: $after) { totalCount nodes { ${DELIVERY_FIELDS} } } } }`,
    variables: (request) => {
      const { first, after } = pageQuery(request);
      return { id: request.params.id, first, after };
    },
    respond: paginated("webhook.deliveries"),
  },
  {
    method: "POST",
    path: "/webhooks/:id/deliveries/:delivery_id/redeliver",
    operation: `mutation RedeliverWebhookDelivery($webhookId: ID!, $deliveryId: ID!) {
      redeliverWebhookDelivery(webhookId: $webhookId, deliveryId: $deliveryId) { delivery { ${DELIVERY_FIELDS} } } }`,
    variables: (request) => ({ webhookId: request.params.id, deliveryId: request.params.delivery_id }),
    respond: single("redeliverWebhookDelivery.delivery"),
    status: 202,
  },
];
