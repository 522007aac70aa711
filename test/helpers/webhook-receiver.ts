import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  json: any;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (the sender's timeout must end it). */
  hang?: boolean;
}

/** A real HTTP receiver on loopback: records every request and answers as `reply` says (200 by default). */
export interface Receiver {
  url: string;
  received: Received[];
  reply: (request: Received, index: number) => Reply;
  /** Deliveries of `event`, in arrival order. */
  of(event: string): Received[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: "",
    received: [],
    reply: () => ({ status: 200, body: "ok" }),
    of: (event) => receiver.received.filter((request) => request.json?.event === event),
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // Not JSON: the test looks at the raw body.
      }
      const received = { path: request.url ?? "/", headers: request.headers, body, json };
      receiver.received.push(received);
      const reply = receiver.reply(received, receiver.received.length - 1);
      if (reply.hang) {
        hanging.add(response);
        return;
      }
      response.writeHead(reply.status, { "content-type": "text/plain", ...reply.headers });
      response.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
