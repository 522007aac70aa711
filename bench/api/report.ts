/**
 * Turns the measured rounds into medians, ratios and goal verdicts, and
 * writes them to bench/results/latest.{json,md}.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import type { LoadResult } from "./load";
import type { PacedLoadResult } from "./paced-load";
import type { Goal, Scenario } from "./scenarios";
import type { StatementCounts } from "./statements";

const RESULTS = new URL("../results/", import.meta.url);

/** One timed run of one side. */
export interface Measurement extends LoadResult {
  /** The server process's CPU time (user + system) over the run, per response. */
  cpuMsPerRequest: number;
  rssKb: number;
}

/** The rounds of one scenario at one connection count, subject and baseline paired by round. */
export interface Rounds {
  scenario: Scenario;
  connections: number;
  subject: Measurement[];
  baseline: Measurement[];
  /** The subject sent the baseline's median throughput on a fixed schedule, for goals on p95 at that rate. */
  paced?: { rate: number; runs: PacedLoadResult[] };
}

export interface Environment {
  date: string;
  cpu: string;
  cores: number;
  node: string;
  postgres: string;
  pinned: boolean;
  /** 1-minute load average before and after: how busy the shared machine was. */
  loadAverage: { before: number; after: number };
  settings: { scale: number; durationSeconds: number; warmupSeconds: number; rounds: number; statementSamples: number };
  dataset: Record<string, number>;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round1 = (value: number) => Math.round(value * 10) / 10;

function summarise(label: string, runs: Measurement[], statements: number | undefined) {
  return {
    label,
    rps: round1(median(runs.map((run) => run.rps))),
    p50_ms: round1(median(runs.map((run) => run.p50))),
    p95_ms: round1(median(runs.map((run) => run.p95))),
    p99_ms: round1(median(runs.map((run) => run.p99))),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    responses: runs.reduce((sum, run) => sum + run.responses, 0),
    sql_per_request: statements === undefined ? null : round1(statements),
    cpu_ms_per_request: Math.round(median(runs.map((run) => run.cpuMsPerRequest)) * 100) / 100,
    rss_mb: Math.round(median(runs.map((run) => run.rssKb)) / 1024),
  };
}

function verdict(goal: Goal | undefined, ratio: number, paced: ReturnType<typeof summarisePaced>): string {
  if (!goal) return "";
  const parts = [`ratio ≥ ${goal.minRatio}: ${ratio >= goal.minRatio ? "met" : "not met"}`];
  if (goal.maxP95Ms !== undefined && paced) {
    parts.push(`p95 < ${goal.maxP95Ms} ms at the baseline's ${paced.rate} req/s: ${paced.p95_ms < goal.maxP95Ms ? "met" : "not met"} (${paced.p95_ms} ms)`);
  }
  return parts.join("; ");
}

function summarisePaced(paced: Rounds["paced"]) {
  if (!paced) return null;
  return {
    rate: round1(paced.rate),
    achieved_rps: round1(median(paced.runs.map((run) => run.rps))),
    p50_ms: round1(median(paced.runs.map((run) => run.p50))),
    p95_ms: round1(median(paced.runs.map((run) => run.p95))),
    p99_ms: round1(median(paced.runs.map((run) => run.p99))),
    errors: paced.runs.reduce((sum, run) => sum + run.errors, 0),
    generator_max_lateness_ms: round1(Math.max(...paced.runs.map((run) => run.maxSendLatenessMs))),
  };
}

export function summariseRounds(all: Rounds[], statements: Map<string, StatementCounts>) {
  return all.map(({ scenario, connections, subject, baseline, paced }) => {
    const counts = statements.get(scenario.id);
    const ours = summarise(scenario.subject.label, subject, counts?.subject);
    // Paired by round, so a slow moment of the shared machine hits both sides of a ratio.
    const ratio = Math.round(median(subject.map((run, index) => run.rps / Math.max(baseline[index]!.rps, 1e-9))) * 100) / 100;
    const atBaselineRate = summarisePaced(paced);
    return {
      scenario: scenario.id,
      title: scenario.title,
      connections,
      subject: ours,
      baseline: summarise(scenario.baseline.label, baseline, counts?.baseline),
      ratio,
      subject_at_baseline_rate: atBaselineRate,
      goal: verdict(scenario.goal, ratio, atBaselineRate),
    };
  });
}

type Row = ReturnType<typeof summariseRounds>[number];

/**
 * The board against both of its baselines, per connection count: PostGraphile
 * (another GraphQL server) and the floor's single json_agg statement (the most
 * our stack could answer: Express, postgres.js and PostgreSQL building the
 * JSON, without GraphQL). Each ratio is paired within its own scenario.
 */
export function boardComparison(rows: Row[]) {
  const ratioOf = (scenario: string, connections: number) => rows.find((row) => row.scenario === scenario && row.connections === connections)?.ratio ?? null;
  const connections = [...new Set(rows.filter((row) => row.scenario === "board" || row.scenario === "board-floor").map((row) => row.connections))];
  return connections.map((count) => ({
    connections: count,
    api_vs_postgraphile: ratioOf("board", count),
    api_vs_json_agg_floor: ratioOf("board-floor", count),
  }));
}

// With no answer in time (logins queued past the timeout), there is no latency, and CPU per answer would divide by zero.
const latency = (side: Row["subject"]) => (side.responses ? `${side.p50_ms} / ${side.p95_ms} / ${side.p99_ms}` : "–");
const cpu = (side: Row["subject"]) => (side.responses ? side.cpu_ms_per_request : "–");

function markdown(environment: Environment, rows: Row[]): string {
  const { settings, loadAverage } = environment;
  const header = [
    `API benchmark, ${environment.date}: ${environment.cores} × ${environment.cpu}, Node ${environment.node}, ${environment.postgres}.`,
    `${settings.durationSeconds} s per run after ${settings.warmupSeconds} s of warm-up, ${settings.rounds} alternating A/B rounds (medians), dataset scale ${settings.scale} (${Object.entries(environment.dataset)
      .map(([table, count]) => `${count} ${table}`)
      .join(", ")}).`,
    `${environment.pinned ? "Servers on core 0, load generator on core 1" : "No taskset: processes not pinned"}; PostgreSQL's backends are not pinned. Load average ${loadAverage.before} before, ${loadAverage.after} after.`,
    "API as `npm start` runs it with NODE_ENV=production, LOG_LEVEL=info and RATE_LIMIT_ENABLED=false. Latencies in ms; SQL per request counted on the wire; CPU = the server process's user + system time per request (PostgreSQL's excluded); ratio = API req/s ÷ baseline req/s. A goal on p95 is judged at the baseline's rate: the API is sent the baseline's median req/s on a fixed schedule over as many connections, each latency counted from the request's scheduled time (the closed-loop p95 at 50 connections is mostly the load generator's own queue).",
  ];
  const table = [
    "| scenario | conns | API req/s | API p50 / p95 / p99 | API errors | API SQL/req | API CPU ms/req | API RSS MB | baseline | baseline req/s | baseline p50 / p95 / p99 | baseline errors | baseline SQL/req | baseline CPU ms/req | baseline RSS MB | ratio | goal |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${row.title} | ${row.connections} | ${row.subject.rps} | ${latency(row.subject)} | ${row.subject.errors} | ${row.subject.sql_per_request ?? "n/a"} | ${cpu(row.subject)} | ${row.subject.rss_mb} | ${row.baseline.label} | ${row.baseline.rps} | ${latency(row.baseline)} | ${row.baseline.errors} | ${row.baseline.sql_per_request ?? "n/a"} | ${cpu(row.baseline)} | ${row.baseline.rss_mb} | ${row.ratio}× | ${row.goal} |`,
    ),
  ];
  const board = boardComparison(rows).map(
    (row) =>
      `- ${row.connections} connections: API ÷ PostGraphile v4 = ${row.api_vs_postgraphile ?? "not run"}×; API ÷ json_agg floor = ${row.api_vs_json_agg_floor ?? "not run"}×` +
      (row.api_vs_json_agg_floor === null ? "" : ` (the API answers ${Math.round(row.api_vs_json_agg_floor * 100)}% of the floor's board throughput)`),
  );
  const boardSection = board.length
    ? [
        "",
        "Board throughput against both baselines (rows 3 and 3b): PostGraphile v4, and the floor answering the whole board with one hand-written `json_agg` statement, the limit of our stack (Express, postgres.js, PostgreSQL building the JSON; no GraphQL, authentication or loaders).",
        "",
        ...board,
      ]
    : [];
  return [...header, "", ...table, ...boardSection].join("\n") + "\n";
}

export function writeReport(environment: Environment, rows: Row[]): string {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(new URL("latest.json", RESULTS), JSON.stringify({ environment, results: rows, board: boardComparison(rows) }, null, 2) + "\n");
  const text = markdown(environment, rows);
  writeFileSync(new URL("latest.md", RESULTS), text);
  return text;
}
