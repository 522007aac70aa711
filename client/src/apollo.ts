import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { ErrorLink } from "@apollo/client/link/error";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition } from "@apollo/client/utilities";
import { createClient } from "graphql-ws";
import { accessToken, onSessionChange, signOut } from "./session";

const httpUrl = "/api/v1/graphql";
const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/graphql`;

/** Called after the socket reconnects: whatever happened meanwhile is read again. */
const reconnectListeners = new Set<() => void>();
export const onReconnect = (listener: () => void) => (reconnectListeners.add(listener), () => void reconnectListeners.delete(listener));

const socket = createClient({
  url: wsUrl,
  lazy: true,
  // The token is read at each (re)connection, so a refreshed one is used after the server closes an expired socket.
  connectionParams: () => ({ authorization: `Bearer ${accessToken()}` }),
  retryAttempts: Infinity,
  shouldRetry: () => true,
  on: { connected: (_socket, _payload, wasRetry) => wasRetry && reconnectListeners.forEach((listener) => listener()) },
});

// The server closes a socket when the token it was opened with expires (4401, which graphql-ws does not retry):
// a refreshed token replaces the socket before that. Terminating is retried, and `onReconnect` catches up.
let socketToken = accessToken();
onSessionChange((next) => {
  if (next && socketToken && next.accessToken !== socketToken) socket.terminate();
  socketToken = next?.accessToken ?? null;
});

const withToken = new ApolloLink((operation, forward) => {
  const token = accessToken();
  if (token) operation.setContext(({ headers = {} }) => ({ headers: { ...headers, authorization: `Bearer ${token}` } }));
  return forward(operation);
});

// 401 over HTTP, or an UNAUTHORIZED/TOKEN_* code in a GraphQL answer: the session is over.
const signOutOn401 = new ErrorLink(({ error }) => {
  const unauthorized =
    (ServerError.is(error) && error.statusCode === 401) ||
    (CombinedGraphQLErrors.is(error) && error.errors.some((e) => ["UNAUTHORIZED", "TOKEN_EXPIRED", "TOKEN_INVALID"].includes(String(e.extensions?.code))));
  if (unauthorized) signOut();
});

const isSubscription = ({ query }: ApolloLink.Operation) => {
  const definition = getMainDefinition(query);
  return definition.kind === "OperationDefinition" && definition.operation === "subscription";
};

export const client = new ApolloClient({
  link: ApolloLink.from([signOutOn401, ApolloLink.split(isSubscription, new GraphQLWsLink(socket), ApolloLink.from([withToken, new HttpLink({ uri: httpUrl })]))]),
  cache: new InMemoryCache({
    typePolicies: {
      Project: { fields: { issues: { keyArgs: false, merge: (existing, incoming, { args }) => (args?.after && existing ? { ...incoming, nodes: [...existing.nodes, ...incoming.nodes] } : incoming) } } },
    },
  }),
});

/** Ends the socket when signing out, so the next session connects with its own token. */
export const resetSocket = () => socket.terminate();
