/**
 * Baseline for the fan-out benchmark: a bare `ws` server that sends one
 * prepared message to every connected socket when asked. It does no
 * authentication, no GraphQL and no database work: the floor of pushing the
 * same bytes to the same sockets on this machine.
 */
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/broadcast") return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const message = Buffer.concat(chunks).toString("utf8");
    // Answer first, then send, as the API answers a mutation while its event is delivered.
    res.writeHead(204).end();
    setImmediate(() => {
      for (const client of wss.clients) client.send(message);
    });
  });
});
const wss = new WebSocketServer({ server });
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
process.on("SIGTERM", () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
  // The driver's fetch keeps its connection alive; close() alone would wait for it forever.
  server.closeAllConnections();
});
