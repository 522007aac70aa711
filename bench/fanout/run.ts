/**
 * Fan-out benchmark: N live-board subscribers on one project of one API
 * instance; for a stream of issue updates, the time from the mutation's
 * response to the last subscriber's receipt. In the same run a bare `ws`
 * server broadcasts the same message to the same number of sockets: the
 * baseline the API is compared with.
 *
 *   npm run bench:fanout                     # sizes 100, 1000, 5000
 *   FANOUT_SIZES=20 FANOUT_UPDATES=2 npm run bench:fanout   # smoke run
 *
 * The servers run pinned to core 0 and this driver to core 1 when taskset
 * exists. Uses embedded PGlite unless BENCH_DATABASE_URL is set; results go
 * to bench/results/fanout-<pglite|postgres>.{md,json}.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { apiNodeArgs, hasTaskset, pinDriver, rssKb, startChild } from "../lib/processes";
import { json } from "../lib/json-request";

const SIZES = (process.env.FANOUT_SIZES ?? "100,1000,5000").split(",").map(Number);
const UPDATES = Number(process.env.FANOUT_UPDATES ?? 20);
const WARMUP = 3;
const CONNECT_BATCH = 200;
const RESULTS = new URL("../results/", import.meta.url);

/** The API runs with the node flags of `npm start` (its young-generation size matters to fan-out bursts). */
const apiArgs = apiNodeArgs();

pinDriver();

/** Sockets that record when each message arrives. */
class Audience {
  readonly sockets: WebSocket[] = [];
  private received = 0;
  private last = 0;
  private target = Infinity;
  private reached: (() => void) | null = null;
  firstMessage = "";

  constructor(private readonly expectedPerRound: number) {}

  onMessage(data: WebSocket.RawData): void {
    this.received += 1;
    this.last = performance.now();
    this.firstMessage ||= data.toString();
    if (this.received >= this.target) this.reached?.();
  }

  /**
   * Runs `trigger`, then waits until every socket has one more message; returns ms from the trigger's response to the last receipt.
   * Waits on the last receipt rather than polling, so the driver's core stays free for the database's backends.
   */
  async round(trigger: () => Promise<void>): Promise<number> {
    this.target = this.received + this.expectedPerRound;
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.received - this.target + this.expectedPerRound} of ${this.expectedPerRound} receipts`)), 60_000);
      this.reached = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    await trigger();
    const respondedAt = performance.now();
    await arrived;
    this.reached = null;
    this.target = Infinity;
    return this.last - respondedAt;
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
  }
}

async function openInBatches(count: number, open: () => Promise<WebSocket>, audience: Audience): Promise<void> {
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch = await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, count - start) }, open));
    audience.sockets.push(...batch);
  }
}

/** graphql-transport-ws by hand: lighter than a client library per socket, and what a board's socket does. */
function apiSubscriber(wsUrl: string, token: string, query: string, audience: Audience): () => Promise<WebSocket> {
  return () =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl, "graphql-transport-ws");
      socket.once("error", reject);
      socket.once("close", (code, reason) => reject(new Error(`socket closed before subscribing: ${code} ${reason}`)));
      socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
      socket.on("message", (data) => {
        const message = JSON.parse(data.toString());
        if (message.type === "connection_ack") {
          socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
          resolve(socket);
        } else if (message.type === "next") audience.onMessage(data);
        else if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
        else if (message.type === "error") reject(new Error(JSON.stringify(message.payload)));
      });
    });
}

function rawSubscriber(wsUrl: string, audience: Audience): () => Promise<WebSocket> {
  return () =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl);
      socket.once("error", reject);
      socket.once("open", () => resolve(socket));
      socket.on("message", (data) => audience.onMessage(data));
    });
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const summary = (values: number[]) => ({ p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: Math.max(...values) });
const round1 = (value: number) => Math.round(value * 10) / 10;
/** RSS growth per socket; null when a collection during connecting shrank the process below where it started. */
const perSocketKb = (before: number, after: number, size: number) => (after >= before ? round1((after - before) / size) : null);

/** What a board watches: the card fields it renders. */
const boardSubscription = (projectId: string) =>
  `subscription { issueUpdated(projectId: "${projectId}") { id key summary status priority assignee { id displayName } reporter { id displayName } updatedAt } }`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-fanout-"));
  const maxSockets = String(Math.max(...SIZES) + 100);
  const api = await startChild(
    apiArgs,
    {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      WS_MAX_CONNECTIONS_PER_USER: maxSockets,
      ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    },
    (line) => (line.includes('"msg":"API listening"') ? Number(/"port":(\d+)/.exec(line)?.[1]) : null),
  );
  const raw = await startChild(["--import", "tsx", "bench/fanout/raw-broadcast-server.ts"], {}, (line) =>
    line.startsWith("{") ? (JSON.parse(line).port as number) : null,
  );

  const results = [];
  try {
    const suffix = Date.now().toString(36);
    const owner = await json(`${api.url}/api/v1/auth/register`, {
      method: "POST",
      body: JSON.stringify({ email: `bench-${suffix}@example.com`, password: "Bench1234", username: `bench_${suffix}`, first_name: "Bench", last_name: "Mark" }),
    });
    const token: string = owner.data.access_token;
    const auth = { authorization: `Bearer ${token}` };
    const project = await json(`${api.url}/api/v1/projects`, { method: "POST", headers: auth, body: JSON.stringify({ key: "FAN", name: "Fan-out" }) });
    const issue = await json(`${api.url}/api/v1/issues`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ project_id: project.data.id, summary: "Fan-out card", issue_type: "Task", assignee_id: owner.data.user.id }),
    });
    const query = boardSubscription(project.data.id);
    let revision = 0;
    const update = () =>
      json(`${api.url}/api/v1/issues/${issue.data.id}`, { method: "PATCH", headers: auth, body: JSON.stringify({ summary: `Fan-out card ${++revision}` }) }).then(() => {});

    for (const size of SIZES) {
      const apiAudience = new Audience(size);
      const apiRssBefore = rssKb(api.pid);
      await openInBatches(size, apiSubscriber(api.url.replace("http", "ws") + "/api/v1/graphql", token, query, apiAudience), apiAudience);
      for (let index = 0; index < WARMUP; index++) await apiAudience.round(update);
      const apiRssPerSocket = perSocketKb(apiRssBefore, rssKb(api.pid), size);
      await json(`${api.url}/health/detailed`);
      const apiLatencies = [];
      for (let index = 0; index < UPDATES; index++) apiLatencies.push(await apiAudience.round(update));
      const loop = (await json(`${api.url}/health/detailed`)).event_loop;
      const payload = apiAudience.firstMessage;
      apiAudience.close();

      const rawAudience = new Audience(size);
      const rawRssBefore = rssKb(raw.pid);
      await openInBatches(size, rawSubscriber(raw.url.replace("http", "ws"), rawAudience), rawAudience);
      const broadcast = () => json(`${raw.url}/broadcast`, { method: "POST", body: payload }).then(() => {});
      for (let index = 0; index < WARMUP; index++) await rawAudience.round(broadcast);
      const rawRssPerSocket = perSocketKb(rawRssBefore, rssKb(raw.pid), size);
      const rawLatencies = [];
      for (let index = 0; index < UPDATES; index++) rawLatencies.push(await rawAudience.round(broadcast));
      rawAudience.close();

      const apiSummary = summary(apiLatencies);
      const rawSummary = summary(rawLatencies);
      const result = {
        subscribers: size,
        updates: UPDATES,
        payload_bytes: Buffer.byteLength(payload),
        api_ms: { p50: round1(apiSummary.p50), p95: round1(apiSummary.p95), max: round1(apiSummary.max) },
        raw_ws_ms: { p50: round1(rawSummary.p50), p95: round1(rawSummary.p95), max: round1(rawSummary.max) },
        p95_ratio: round1(apiSummary.p95 / Math.max(rawSummary.p95, 0.1)),
        api_event_loop_delay_ms: { p99: round1(loop.delay_p99_ms), max: round1(loop.delay_max_ms) },
        rss_kb_per_socket: { api: apiRssPerSocket, raw_ws: rawRssPerSocket },
      };
      results.push(result);
      console.log(JSON.stringify(result));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await api.stop();
    await raw.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version, pinned: hasTaskset, database: process.env.BENCH_DATABASE_URL ? "postgres" : "pglite" };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(new URL(`fanout-${machine.database}.json`, RESULTS), JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2) + "\n");
  const rows = results.map(
    (r) =>
      `| ${r.subscribers} | ${r.api_ms.p50} / ${r.api_ms.p95} / ${r.api_ms.max} | ${r.raw_ws_ms.p50} / ${r.raw_ws_ms.p95} / ${r.raw_ws_ms.max} | ${r.p95_ratio}× | ${r.api_event_loop_delay_ms.p99} / ${r.api_event_loop_delay_ms.max} | ${r.rss_kb_per_socket.api ?? "n/a"} / ${r.rss_kb_per_socket.raw_ws ?? "n/a"} |`,
  );
  const table = [
    `Fan-out: ${UPDATES} updates per size, ${machine.cores} × ${machine.cpu}, Node ${machine.node}, ${machine.database}${machine.pinned ? ", servers on core 0, driver on core 1" : ""}.`,
    "",
    "| subscribers | API p50 / p95 / max (ms) | raw ws p50 / p95 / max (ms) | p95 ratio | API loop delay p99 / max (ms) | RSS per socket API / raw (KB) |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
  writeFileSync(new URL(`fanout-${machine.database}.md`, RESULTS), table + "\n");
  console.log(`\n${table}`);
}

await main();
