/** Words the demo issues are made of: enough variety for a board to look like work. */
export const PEOPLE = [
  ["Ada", "Lovelace"],
  ["Grace", "Hopper"],
  ["Alan", "Turing"],
  ["Katherine", "Johnson"],
  ["Linus", "Torvalds"],
  ["Margaret", "Hamilton"],
] as const;

export const PROJECTS = [
  ["Mobile app", "The iOS and Android apps"],
  ["Web platform", "The customer-facing web application"],
  ["Payments", "Checkout, invoices and refunds"],
  ["Data pipeline", "Ingestion, warehouse and reports"],
  ["Support desk", "Customer tickets and the help centre"],
] as const;

const ACTIONS = ["Fix", "Add", "Improve", "Remove", "Investigate", "Document", "Refactor", "Speed up"];
const SUBJECTS = ["login form", "search results", "invoice export", "settings page", "notification emails", "onboarding flow", "CSV import", "dashboard charts", "API rate limits", "password reset", "dark mode", "file uploads"];
const DETAILS = ["on slow networks", "for new users", "after the last release", "in Safari", "for large accounts", "behind the feature flag", "on small screens", ""];
const REMARKS = ["I can reproduce this.", "Looking into it.", "Blocked on the API change.", "Fixed on the branch; needs review.", "Customers keep asking for this.", "Can we ship this in the next sprint?"];

/** A small deterministic generator (mulberry32): the same seed writes the same demo. */
export function randomFrom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

export function issueSummary(random: ReturnType<typeof randomFrom>): string {
  return [random.pick(ACTIONS), random.pick(SUBJECTS), random.pick(DETAILS)].filter(Boolean).join(" ");
}

export const remark = (random: ReturnType<typeof randomFrom>) => random.pick(REMARKS);
