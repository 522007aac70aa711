/**
 * Starts the three servers a run compares, each as its own process pinned
 * to core 0: the API as `npm start` runs it, the floor, and PostGraphile.
 */
import { apiNodeArgs, startChild, type Child } from "../lib/processes";
import type { DatasetFacts } from "./dataset-rows";
import type { ServerName } from "./scenarios";

export type Servers = Record<ServerName, Child>;

export interface ServerOptions {
  /** The database each server connects to: the same one, directly or through its statement counter. */
  databaseUrls: Record<ServerName, string>;
  facts: DatasetFacts;
  /** The API's DATA_DIR: its signing keys, shared by every API process of a run so tokens stay valid. */
  dataDir: string;
  /** Write a V8 CPU profile of the API into this directory when it exits. */
  cpuProfileDir?: string | null;
}

const portLine = (line: string) => (line.startsWith("{") ? (JSON.parse(line).port as number) : null);

function startApi(options: ServerOptions): Promise<Child> {
  const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  return startChild(
    [...profile, ...apiNodeArgs()],
    {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrls.api,
      // The per-user and per-address budgets would throttle the load within a second.
      RATE_LIMIT_ENABLED: "false",
      // Production's level: each request is logged, as it would be.
      LOG_LEVEL: "info",
    },
    (line) => (line.includes('"msg":"API listening"') ? Number(/"port":(\d+)/.exec(line)?.[1]) : null),
  );
}

/** Starts the API, the floor and PostGraphile. */
export async function startServers(options: ServerOptions): Promise<Servers> {
  const tsx = ["--import", "tsx"];
  const { databaseUrls, facts } = options;
  const [api, floor, postgraphile] = await Promise.all([
    startApi(options),
    startChild(
      [...tsx, "bench/api/floor-server.ts"],
      { PORT: "0", FLOOR_DATABASE_URL: databaseUrls.floor, FLOOR_TENANT_ID: facts.tenantId, FLOOR_ACTOR_ID: facts.actor.id },
      portLine,
    ),
    startChild([...tsx, "bench/api/postgraphile-server.ts"], { PORT: "0", POSTGRAPHILE_DATABASE_URL: databaseUrls.postgraphile }, portLine),
  ]);
  return { api, floor, postgraphile };
}

export async function stopServers(servers: Servers): Promise<void> {
  await Promise.all(Object.values(servers).map((server) => server.stop()));
}
