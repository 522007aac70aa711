/**
 * Webhook benchmark. One API instance, issues being updated, a receiver in
 * this driver answering 204.
 *
 *  1. Request cost: `updateIssue` throughput (PATCH, fixed concurrency, fixed
 *     duration) with no hook, then with HOOKS hooks following
 *     `issue.updated`. On PostgreSQL the API runs with `JOB_WORKERS=false`
 *     and no worker runs meanwhile, so the ratio is what hooks add to the
 *     request itself (the trigger's lookup and the fan-out job); on PGlite
 *     the API's own worker delivers meanwhile (one process is all PGlite has).
 *  2. Throughput: UPDATES updates as fast as they go, with a worker running
 *     (`npm run worker` on PostgreSQL): deliveries per second, from the first
 *     update sent to the last delivery received.
 *  3. Latency: PACED updates at RATE per second, below that capacity: the
 *     time from sending each update (it commits before it answers) to each
 *     receipt, an upper bound of commit to receipt.
 *
 *   npm run bench:webhooks                                   # PGlite
 *   BENCH_DATABASE_URL=postgres://… npm run bench:webhooks   # PostgreSQL
 *
 * Results go to bench/results/webhooks-<pglite|postgres>.{md,json}.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { apiNodeArgs, hasTaskset, pinDriver, startChild, type Child } from "../lib/processes";
import { json } from "../lib/json-request";

const UPDATES = Number(process.env.WEBHOOK_BENCH_UPDATES ?? 1000);
const HOOKS = Number(process.env.WEBHOOK_BENCH_HOOKS ?? 5);
const ISSUES = Number(process.env.WEBHOOK_BENCH_ISSUES ?? 100);
const CONCURRENCY = Number(process.env.WEBHOOK_BENCH_CONCURRENCY ?? 8);
const THROUGHPUT_SECONDS = Number(process.env.WEBHOOK_BENCH_SECONDS ?? 5);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const SEPARATE_WORKER = Boolean(DATABASE_URL);
const PACED = Number(process.env.WEBHOOK_BENCH_PACED ?? 200);
// Below each setup's capacity (PGlite: one process, one connection, about 60 deliveries/s here).
const RATE = Number(process.env.WEBHOOK_BENCH_RATE ?? (DATABASE_URL ? 20 : 8));
const ROUNDS = Number(process.env.WEBHOOK_BENCH_ROUNDS ?? 3);
const RESULTS = new URL("../results/", import.meta.url);

pinDriver();

/** Receipt times by `<webhook_id> <summary>`, the summary naming the update that caused it. */
function startReceiver() {
  const receipts = new Map<string, number>();
  let count = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const summary = body.data?.changes?.find((change: { field: string }) => change.field === "summary")?.to;
      if (summary) receipts.set(`${body.webhook_id} ${summary}`, at);
      count += 1;
      response.writeHead(204).end();
    });
  });
  return new Promise<{ url: string; receipts: Map<string, number>; count: () => number; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        receipts,
        count: () => count,
        close: () => server.close(),
      }),
    ),
  );
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const round1 = (value: number) => Math.round(value * 10) / 10;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-webhooks-"));
  const env = {
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    RATE_LIMIT_ENABLED: "false",
    // Listed hosts may be private and plain http, even in production.
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    JOB_WORKERS: SEPARATE_WORKER ? "false" : "true",
    ...(DATABASE_URL ? { DATABASE_URL } : {}),
  };
  const listening = (line: string) => (line.includes('"msg":"API listening"') ? Number(/"port":(\d+)/.exec(line)?.[1]) : null);
  const api = await startChild(apiNodeArgs(), { ...env, LOG_LEVEL: "info" }, listening);
  let worker: Child | null = null;
  const receiver = await startReceiver();
  try {
    const suffix = Date.now().toString(36);
    const owner = await json(`${api.url}/api/v1/auth/register`, {
      method: "POST",
      body: JSON.stringify({ email: `bench-${suffix}@example.com`, password: "Bench1234", username: `bench_${suffix}`, first_name: "Bench", last_name: "Mark" }),
    });
    const auth = { authorization: `Bearer ${owner.data.access_token}` };
    const project = await json(`${api.url}/api/v1/projects`, { method: "POST", headers: auth, body: JSON.stringify({ key: `WH${suffix.slice(-4).toUpperCase()}`.replace(/[^A-Z0-9]/g, "X"), name: "Webhooks" }) });
    const issues: string[] = [];
    for (let index = 0; index < ISSUES; index++) {
      const issue = await json(`${api.url}/api/v1/issues`, { method: "POST", headers: auth, body: JSON.stringify({ project_id: project.data.id, summary: `Issue ${index}`, issue_type: "Task" }) });
      issues.push(issue.data.id);
    }
    let revision = 0;
    const update = async () => {
      const summary = `rev ${++revision}`;
      const sentAt = performance.now();
      await json(`${api.url}/api/v1/issues/${issues[revision % issues.length]}`, { method: "PATCH", headers: auth, body: JSON.stringify({ summary }) });
      return { summary, sentAt };
    };
    const throughput = async () => {
      const deadline = performance.now() + THROUGHPUT_SECONDS * 1000;
      let done = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < deadline) {
            await update();
            done += 1;
          }
        }),
      );
      return { perSecond: done / THROUGHPUT_SECONDS, done };
    };
    const drained = async (expected: number, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (receiver.count() < expected) {
        if (Date.now() > deadline) throw new Error(`only ${receiver.count()} of ${expected} deliveries arrived`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    for (let index = 0; index < 50; index++) await update();
    const withoutHooks = (await throughput()).perSecond;

    const hookIds: string[] = [];
    for (let index = 0; index < HOOKS; index++) {
      const hook = await json(`${api.url}/api/v1/webhooks`, { method: "POST", headers: auth, body: JSON.stringify({ url: receiver.url, events: ["issue.updated"] }) });
      hookIds.push(hook.data.id);
    }
    const { perSecond: withHooks, done: throughputUpdates } = await throughput();
    if (SEPARATE_WORKER) {
      worker = await startChild(["--import", "tsx", "src/worker.ts"], { ...env, LOG_LEVEL: "info", JOB_CONCURRENCY: "32" }, (line) =>
        line.includes('"msg":"worker started"') ? 1 : null,
      );
    }
    await drained(throughputUpdates * HOOKS, 600_000);

    // Throughput: as fast as updates go.
    const startCount = receiver.count();
    const started = performance.now();
    let remaining = UPDATES;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining-- > 0) await update();
      }),
    );
    await drained(startCount + UPDATES * HOOKS, 600_000);
    const deliveriesPerSecond = (UPDATES * HOOKS) / ((performance.now() - started) / 1000);

    // Latency: paced below capacity, so it measures delivery rather than a backlog.
    const sent: { summary: string; sentAt: number }[] = [];
    const pacedStart = receiver.count();
    const interval = 1000 / RATE;
    const pacedBegin = performance.now();
    await Promise.all(
      Array.from({ length: PACED }, async (_, index) => {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, pacedBegin + index * interval - performance.now())));
        sent.push(await update());
      }),
    );
    await drained(pacedStart + PACED * HOOKS, 600_000);
    const latencies: number[] = [];
    // From sending the update: its commit comes before its response, and a delivery may arrive before the response does.
    for (const { summary, sentAt } of sent) {
      for (const hookId of hookIds) {
        const at = receiver.receipts.get(`${hookId} ${summary}`);
        if (at === undefined) throw new Error(`no delivery of ${summary} to ${hookId}`);
        latencies.push(at - sentAt);
      }
    }
    const result = {
      updates: UPDATES,
      hooks: HOOKS,
      deliveries: UPDATES * HOOKS,
      deliveries_per_second: round1(deliveriesPerSecond),
      paced: { updates: PACED, per_second: RATE, deliveries_per_second: RATE * HOOKS },
      commit_to_receipt_ms: { p50: round1(quantile(latencies, 0.5)), p95: round1(quantile(latencies, 0.95)), max: round1(Math.max(...latencies)) },
      update_throughput: { without_hooks: round1(withoutHooks), with_hooks: round1(withHooks), ratio: Math.round((withHooks / withoutHooks) * 1000) / 1000 },
    };
    const machine = {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      node: process.version,
      pinned: hasTaskset,
      database: DATABASE_URL ? "postgres" : "pglite",
      workers: SEPARATE_WORKER ? "npm run worker (API with JOB_WORKERS=false)" : "in the API process",
    };
    console.log(JSON.stringify(result));
    const name = `webhooks-${machine.database}`;
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(new URL(`${name}.json`, RESULTS), JSON.stringify({ machine, date: new Date().toISOString(), result }, null, 2) + "\n");
    const table = [
      `Webhooks: ${HOOKS} hooks on ${ISSUES} issues; throughput from ${UPDATES} updates at concurrency ${CONCURRENCY}; latency from ${PACED} updates at ${RATE}/s; ${machine.cores} × ${machine.cpu}, Node ${machine.node}, ${machine.database}, jobs: ${machine.workers}.`,
      "",
      "| deliveries/s | update sent → receipt p50 / p95 / max (ms) | updates/s without hooks | with hooks | ratio |",
      "|---|---|---|---|---|",
      `| ${result.deliveries_per_second} | ${result.commit_to_receipt_ms.p50} / ${result.commit_to_receipt_ms.p95} / ${result.commit_to_receipt_ms.max} | ${result.update_throughput.without_hooks} | ${result.update_throughput.with_hooks} | ${result.update_throughput.ratio} |`,
    ].join("\n");
    writeFileSync(new URL(`${name}.md`, RESULTS), table + "\n");
    console.log(`\n${table}`);
  } finally {
    await worker?.stop();
    await api.stop();
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
