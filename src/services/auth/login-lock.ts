import { isIPv6 } from "node:net";
import { and, eq, gt, lt, ne, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { loginFailures } from "../../db/tables";

/**
 * The sign-in lock of seed 002, kept per account and client address:
 * `LOGIN_MAX_FAILURES` consecutive failures from one address refuse that
 * account from that address for `LOGIN_LOCK_SECONDS`. Other addresses,
 * the owner's among them, are unaffected; the per-account limit across
 * addresses (the login guard) bounds an attack spread over many.
 */

/** How long an address's failures are remembered after its last one, when no lock is running. */
const FORGET_AFTER = sql`interval '1 day'`;

/**
 * The address failures are counted by: an IPv4 address as it is (also when
 * written IPv4-mapped, `::ffff:192.0.2.1`), an IPv6 address by its /64,
 * which one subscriber usually holds whole: counting single IPv6 addresses
 * would give an attacker billions of fresh ones.
 */
export function signInAddress(clientIp: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(clientIp);
  if (mapped) return mapped[1]!;
  if (!isIPv6(clientIp)) return clientIp;
  const groups = (part: string) => (part ? part.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group])) : []);
  const [head = "", tail] = clientIp.split("%")[0]!.split("::");
  const first = groups(head);
  const last = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? first : [...first, ...Array<string>(8 - first.length - last.length).fill("0"), ...last];
  return `${all
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

const notLocked = or(sql`${loginFailures.lockedUntil} is null`, sql`${loginFailures.lockedUntil} <= now()`);

const keyOf = (userId: string, address: string) => and(eq(loginFailures.userId, userId), eq(loginFailures.clientAddress, address));

/** When the lock of `userId` from `address` ends, or null when there is none. */
export async function lockedUntil(db: Database, userId: string, address: string): Promise<Date | null> {
  const [row] = await db
    .select({ lockedUntil: loginFailures.lockedUntil })
    .from(loginFailures)
    .where(and(keyOf(userId, address), gt(loginFailures.lockedUntil, sql`now()`)));
  return row?.lockedUntil ?? null;
}

export interface CountedFailure {
  /** Set while the address is locked, by this failure or a concurrent one. */
  lockedUntil: Date | null;
  /** This failure set the lock: the one that mails the owner. */
  locked: boolean;
}

/**
 * Counts a failure from `address` in one atomic statement, so concurrent
 * failures neither undercount nor lift a lock another request has just set:
 * while locked, the row is left alone.
 */
export async function countFailure(
  db: Database,
  userId: string,
  address: string,
  { maxFailures, lockSeconds }: { maxFailures: number; lockSeconds: number },
): Promise<CountedFailure> {
  const lockEnd = sql`now() + make_interval(secs => ${lockSeconds})`;
  const reachesLimit = sql`${loginFailures.failureCount} + 1 >= ${maxFailures}`;
  const lockingAtOnce = maxFailures <= 1;
  const [row] = await db
    .insert(loginFailures)
    .values({ userId, clientAddress: address, failureCount: lockingAtOnce ? 0 : 1, lockedUntil: lockingAtOnce ? lockEnd : null })
    .onConflictDoUpdate({
      target: [loginFailures.userId, loginFailures.clientAddress],
      set: {
        failureCount: sql`case when ${reachesLimit} then 0 else ${loginFailures.failureCount} + 1 end`,
        lockedUntil: sql`case when ${reachesLimit} then ${lockEnd} else null end`,
        lastFailedAt: sql`now()`,
      },
      setWhere: notLocked,
    })
    .returning({ lockedUntil: loginFailures.lockedUntil });
  if (row) return { lockedUntil: row.lockedUntil, locked: row.lockedUntil !== null };
  return { lockedUntil: (await lockedUntil(db, userId, address)) ?? new Date(), locked: false };
}

/**
 * Forgets the failures from `address` after a successful sign-in, unless a
 * concurrent failure has locked it meanwhile: that lock stands, and the
 * answer is false.
 */
export async function clearFailures(db: Database, userId: string, address: string): Promise<boolean> {
  await db.delete(loginFailures).where(and(keyOf(userId, address), notLocked));
  return (await lockedUntil(db, userId, address)) === null;
}

/** Lifts every lock of the account and forgets its failures: a password reset does. */
export async function clearAccountFailures(db: Database, userId: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.userId, userId));
}

/** Whether the account is already locked from another address, whose lock has mailed the owner about this attack. */
export async function lockedElsewhere(db: Database, userId: string, address: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: loginFailures.userId })
    .from(loginFailures)
    .where(and(eq(loginFailures.userId, userId), ne(loginFailures.clientAddress, address), gt(loginFailures.lockedUntil, sql`now()`)))
    .limit(1);
  return row !== undefined;
}

/** Housekeeping: forgets addresses whose lock has ended and whose last failure is a day old. */
export async function pruneLoginFailures(db: Database): Promise<void> {
  await db.delete(loginFailures).where(and(notLocked, lt(loginFailures.lastFailedAt, sql`now() - ${FORGET_AFTER}`)));
}
