// Relies on: graphql-ws 6.4.2 stringifying each message with `jsonMessageReplacer` and handing the
// string to `send` synchronously, `payload` being the last key of a `next` message. Breaks on upgrade
// if either changes (the splice throws, the socket closes): pinned by test/platform/graphql-ws-transport.test.ts.

import type { IncomingMessage } from "node:http";
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from "graphql-ws";
import type { Logger } from "pino";
import type { WebSocket, WebSocketServer } from "ws";

/** What every graphql-ws context's `extra` holds besides the caller's own fields. */
export interface TransportExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

/** Stands in for a `next` message's payload until the socket splices in the encoded result. */
const PLACEHOLDER = "\u0000";
const PLACEHOLDER_TAIL = `${JSON.stringify(PLACEHOLDER)}}`;

/**
 * Sends do not wait for the kernel to take each message (a promise and a
 * callback per socket per event); instead a socket that has this much
 * unsent data is not reading and is closed with 1013 (try again later).
 */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const SLOW_CONSUMER_CLOSE_CODE = 1013;

const encodedResults = new WeakMap<object, string>();
let handoff: string | undefined;

/**
 * graphql-ws stringifies every `next` message it sends. A live-board event
 * reaches thousands of sockets with the same execution result object, so
 * this replacer encodes a result once (by identity) and lets graphql-ws
 * stringify only the small envelope around a placeholder; `send` then
 * splices the encoded result in. graphql-ws calls `send` synchronously with
 * the string it has just stringified, so the handoff cannot interleave.
 */
function nextPayloadReplacer(this: unknown, key: string, value: unknown): unknown {
  if (key !== "payload" || (this as { type?: string }).type !== "next" || value === null || typeof value !== "object") return value;
  let encoded = encodedResults.get(value);
  if (encoded === undefined) encodedResults.set(value, (encoded = JSON.stringify(value)));
  handoff = encoded;
  return PLACEHOLDER;
}

function withHandoff(data: string): string {
  if (handoff === undefined) return data;
  const encoded = handoff;
  handoff = undefined;
  if (!data.endsWith(PLACEHOLDER_TAIL)) throw new Error("graphql-ws message does not end with the payload placeholder");
  return `${data.slice(0, -PLACEHOLDER_TAIL.length)}${encoded}}`;
}

/**
 * Serves graphql-ws (`graphql-transport-ws`) on a `ws` server, as
 * graphql-ws's own `useServer` does (protocol negotiation, keep-alive pings
 * that drop sockets whose pong does not come back, 1001 on dispose), with
 * shared results encoded once per event and errors going to our logger.
 */
export function serveGraphQLWs<P extends Record<string, unknown> | undefined, E extends Record<PropertyKey, unknown>>(
  options: Omit<ServerOptions<P, TransportExtra & Partial<E>>, "jsonMessageReplacer">,
  wss: WebSocketServer,
  keepAliveMs: number,
  log: Logger,
) {
  const server = makeServer<P, TransportExtra & Partial<E>>({ ...options, jsonMessageReplacer: nextPayloadReplacer });
  wss.options.handleProtocols = handleProtocols;

  const internalError = (socket: WebSocket, error: unknown, what: string) => {
    log.error({ err: error }, what);
    socket.close(CloseCode.InternalServerError, "Internal server error");
  };

  wss.on("connection", (socket, request) => {
    socket.once("error", (error) => internalError(socket, error, "websocket error"));

    let pongWait: NodeJS.Timeout | undefined;
    const pingInterval = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once("pong", () => clearTimeout(pongWait));
      socket.ping();
    }, keepAliveMs);

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          const message = withHandoff(data);
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.close(SLOW_CONSUMER_CLOSE_CODE, "Client is not reading its messages");
          socket.send(message);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on("message", async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              internalError(socket, error, "graphql-ws message handling failed");
            }
          }),
      },
      { socket, request } as TransportExtra & Partial<E>,
    );

    socket.once("close", (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(pingInterval);
      void closed(code, String(reason));
    });
  });

  return {
    /** Closes every socket with 1001 (going away) and stops accepting new ones. */
    async dispose() {
      for (const client of wss.clients) client.close(1001, "Going away");
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
