import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema, type ExecutionResult } from "graphql";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { serveGraphQLWs } from "../../src/platform/graphql-ws-transport";

const schema = buildSchema(`type Query { ok: Boolean } type Subscription { tick: Int }`);

/** One result object for every subscriber, as the live feed's shared execution hands out. */
const shared: ExecutionResult = { data: { tick: 7, note: 'quotes " and \u0000 survive' } as never };

/** A raw protocol client, so the test sees the text graphql-ws sent, not a parsed copy. */
async function rawSubscriber(url: string, id: string): Promise<{ texts: string[]; closed: Promise<number> }> {
  const socket = new WebSocket(url, "graphql-transport-ws");
  const texts: string[] = [];
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  await new Promise((resolve) => socket.once("open", resolve));
  socket.on("message", (data) => texts.push(String(data)));
  socket.send(JSON.stringify({ type: "connection_init" }));
  await new Promise<void>((resolve) => {
    const wait = () => (texts.some((text) => text.includes("connection_ack")) ? resolve() : setTimeout(wait, 5));
    wait();
  });
  socket.send(JSON.stringify({ id, type: "subscribe", payload: { query: "subscription { tick }" } }));
  return { texts, closed };
}

// graphql-ws 6.4.2: `jsonMessageReplacer` is called while `makeServer` stringifies a message, and `send`
// receives that very string synchronously, with `payload` as the message's last key. If an upgrade
// changes either, the splice throws and the socket closes with 4500, which fails these tests.
describe("graphql-ws transport: a shared result is encoded once and spliced into each message", () => {
  let server: Server;
  let transport: ReturnType<typeof serveGraphQLWs>;
  let url: string;

  beforeAll(async () => {
    server = createServer();
    const wss = new WebSocketServer({ server });
    transport = serveGraphQLWs(
      {
        schema,
        subscribe: async () =>
          (async function* () {
            yield shared;
            yield shared;
          })(),
      },
      wss,
      60_000,
      pino({ level: "silent" }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await transport.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends every subscriber the whole result in valid protocol messages", async () => {
    const subscribers = await Promise.all([rawSubscriber(url, "a"), rawSubscriber(url, "b")]);
    const done = (texts: string[]) => texts.some((text) => text.includes('"complete"'));
    await new Promise<void>((resolve) => {
      const wait = () => (subscribers.every(({ texts }) => done(texts)) ? resolve() : setTimeout(wait, 5));
      wait();
    });
    for (const [index, { texts }] of subscribers.entries()) {
      const id = index === 0 ? "a" : "b";
      const nexts = texts.map((text) => JSON.parse(text)).filter((message) => message.type === "next");
      expect(nexts).toEqual([
        { id, type: "next", payload: shared },
        { id, type: "next", payload: shared },
      ]);
    }
  });
});
