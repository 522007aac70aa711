/**
 * SQL statements per request, counted on the wire (see statement-counter.ts)
 * while each side answers its scenario's requests one at a time. The first
 * answers are also checked: the expected status, and the same substance
 * from subject and baseline.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Child } from "../lib/processes";
import { send, type Answer } from "./client";
import type { Scenario, ServerName, Side } from "./scenarios";
import type { StatementCounter } from "./statement-counter";

export interface StatementCounts {
  subject: number;
  baseline: number;
}

/** Long enough for the API to finish the work an answered request set off (loading its own outbox events). */
const SETTLE_MS = 200;

async function sendAll(side: Side, server: Child, samples: number): Promise<Answer> {
  let first: Answer | undefined;
  for (let index = 0; index < samples; index++) {
    const answer = await send(server.url, side.requests[index % side.requests.length]!);
    if (answer.status !== side.status) {
      throw new Error(`${side.label} answered ${answer.status}, expected ${side.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
    }
    first ??= answer;
  }
  return first!;
}

/**
 * A first pass is not counted: it opens the pool's connections, and each new
 * postgres.js connection queries the catalogue for array types once.
 */
async function countSide(side: Side, server: Child, counter: StatementCounter, samples: number): Promise<{ perRequest: number; first: Answer }> {
  const first = await sendAll(side, server, samples);
  await sleep(SETTLE_MS);
  const before = counter.statements();
  await sendAll(side, server, samples);
  await sleep(SETTLE_MS);
  return { perRequest: (counter.statements() - before) / samples, first };
}

export async function countStatements(
  scenarios: Scenario[],
  servers: Record<ServerName, Child>,
  counters: Record<ServerName, StatementCounter>,
  samples: number,
): Promise<Map<string, StatementCounts>> {
  const counts = new Map<string, StatementCounts>();
  for (const scenario of scenarios) {
    const { subject, baseline } = scenario;
    const ours = await countSide(subject, servers[subject.server], counters[subject.server], samples);
    const theirs = await countSide(baseline, servers[baseline.server], counters[baseline.server], samples);
    const difference = scenario.compare(ours.first.body, theirs.first.body);
    if (difference) throw new Error(`${scenario.id}: ${difference}`);
    counts.set(scenario.id, { subject: ours.perRequest, baseline: theirs.perRequest });
  }
  return counts;
}
