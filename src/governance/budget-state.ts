/**
 * Budget and rate counters behind one interface, so the gateway's admission step does not care
 * whether they live in this process or in Redis.
 *
 * Design rules, each so a Redis implementation can be one atomic Lua script per operation:
 * - every operation takes everything it needs in one call (keys, limits, period ends, amounts,
 *   `now`): no read-then-write across calls, so no check-then-increment race (LiteLLM #34732);
 * - `reserve` is all-or-nothing over every budget line: it admits only if each line's
 *   spent + reserved + amount ≤ limit, else it changes nothing and names the first line that
 *   refused, with its spent and reserved;
 * - holds are kept apart from spend, and expire after their TTL, so a call that never settles
 *   cannot leak reservations into false refusals (LiteLLM #29493);
 * - `settle` carries the keys again, so a settle that arrives after its hold expired still
 *   records the real spend (spend is spend), and is idempotent per hold id;
 * - counter keys include the period start (`budgetKey`), so a new period is a new key at zero
 *   and no reset job exists; `periodEnd` lets a store drop old keys (Redis: PEXPIREAT);
 * - money is bigint units of 10^-13 USD (see units.ts); the same counters hold requests or
 *   tokens for rate limits (a key per minute window).
 * All methods return promises: in-process answers are immediate, Redis answers are not, and
 * callers written against this interface work with both.
 */

export interface BudgetLine {
  /** counter key, including the period start */
  key: string;
  /** the most spent + reserved may reach; units */
  limit: bigint;
  /** epoch ms when the period (and so the counter) ends */
  periodEnd: number;
  /** the hold on this line; units (a budget's hold cap may make it smaller than the call's maximum) */
  amount: bigint;
}

export interface ReserveRequest {
  holdId: string;
  lines: readonly BudgetLine[];
  ttlMs: number;
  now: number;
}

export interface CounterView {
  key: string;
  spent: bigint;
  reserved: bigint;
}

export type ReserveResult =
  | { admitted: true }
  /** nothing was reserved; `refused` is the first line that could not take its amount */
  | { admitted: false; refused: CounterView & { limit: bigint; amount: bigint; periodEnd: number } }
  /** the hold id is already in use (a retried reserve): nothing changed */
  | { admitted: false; duplicate: true };

export interface SettleRequest {
  holdId: string;
  /**
   * the keys the cost is charged to (the hold's lines; needed when the hold has expired), each
   * with its own `cost` where it differs (a token-rate line settles with the real token count)
   */
  lines: readonly (Pick<BudgetLine, "key" | "periodEnd"> & { cost?: bigint })[];
  /** the real cost of lines without their own; units */
  cost: bigint;
  now: number;
}

export interface SettleResult {
  /** false when this hold id was settled before: nothing charged again */
  charged: boolean;
  /** false when the hold had already expired or been released (the cost was charged anyway) */
  hadHold: boolean;
}

export interface BudgetState {
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /** charge the real cost to each line and drop the hold (the unused rest is released) */
  settle(request: SettleRequest): Promise<SettleResult>;
  /** drop a hold without charging anything (the call was never forwarded) */
  release(holdId: string, now: number): Promise<boolean>;
  /** drop holds past their TTL and counters past their period end; returns the expired hold ids */
  expire(now: number): Promise<string[]>;
  read(keys: readonly string[], now: number): Promise<CounterView[]>;
  /** add spend that had no hold (imported events, alert-only budgets, a warm start from the ledger) */
  record(lines: readonly Pick<BudgetLine, "key" | "periodEnd">[], cost: bigint, now: number): Promise<void>;
}

/** plain JSON (bigints as decimal strings) for the gateway's write-ahead spool */
export interface BudgetSnapshot {
  counters: { key: string; spent: string; reserved: string; periodEnd: number }[];
  holds: { holdId: string; expiresAt: number; lines: { key: string; amount: string }[] }[];
  settled: { holdId: string; until: number }[];
}

interface Counter {
  spent: bigint;
  reserved: bigint;
  periodEnd: number;
}

interface Hold {
  expiresAt: number;
  lines: { key: string; amount: bigint }[];
}

/** the in-process BudgetState: each method runs to completion before any other (one JS turn) */
export class InMemoryBudgetState implements BudgetState {
  private readonly counters = new Map<string, Counter>();
  private readonly holds = new Map<string, Hold>();
  /** settled hold ids → when to forget them, so a replayed or retried settle is a no-op */
  private readonly settled = new Map<string, number>();
  /** no hold expires before this: sweeps are skipped until then (the hot path stays O(lines)) */
  private nextExpiry = Number.POSITIVE_INFINITY;

  /**
   * @param settledRetentionMs how long a settled hold id is remembered (longer than any replay or
   * retry); 0 for a caller that settles each hold once itself (ids kept for seconds outlive the
   * young generation and become old garbage)
   */
  constructor(private readonly settledRetentionMs = 3_600_000) {}

  async reserve(r: ReserveRequest): Promise<ReserveResult> {
    return this.reserveNow(r);
  }

  /** the synchronous core of `reserve` (tests and the spool replay use it directly) */
  reserveNow({ holdId, lines, ttlMs, now }: ReserveRequest): ReserveResult {
    this.expireNow(now);
    if (this.holds.has(holdId) || this.settled.has(holdId)) return { admitted: false, duplicate: true };
    for (const line of lines) {
      if (line.amount < 0n) throw new RangeError(`${line.key}: negative hold`);
      const c = this.live(line.key, now);
      const spent = c?.spent ?? 0n;
      const reserved = c?.reserved ?? 0n;
      if (spent + reserved + line.amount > line.limit) {
        return { admitted: false, refused: { key: line.key, spent, reserved, limit: line.limit, amount: line.amount, periodEnd: line.periodEnd } };
      }
    }
    for (const line of lines) this.counter(line.key, line.periodEnd, now).reserved += line.amount;
    this.holds.set(holdId, { expiresAt: now + ttlMs, lines: lines.map((l) => ({ key: l.key, amount: l.amount })) });
    if (now + ttlMs < this.nextExpiry) this.nextExpiry = now + ttlMs;
    return { admitted: true };
  }

  async settle(r: SettleRequest): Promise<SettleResult> {
    return this.settleNow(r);
  }

  settleNow({ holdId, lines, cost, now }: SettleRequest): SettleResult {
    if (cost < 0n || lines.some((l) => l.cost !== undefined && l.cost < 0n)) throw new RangeError("negative cost");
    this.expireNow(now);
    if (this.settled.has(holdId)) return { charged: false, hadHold: false };
    const hadHold = this.dropHold(holdId);
    for (const line of lines) this.counter(line.key, line.periodEnd, now).spent += line.cost ?? cost;
    if (this.settledRetentionMs > 0) this.settled.set(holdId, now + this.settledRetentionMs);
    return { charged: true, hadHold };
  }

  async release(holdId: string, now: number): Promise<boolean> {
    this.expireNow(now);
    return this.dropHold(holdId);
  }

  async expire(now: number): Promise<string[]> {
    this.nextExpiry = Number.NEGATIVE_INFINITY; // a full sweep
    return this.expireNow(now);
  }

  async read(keys: readonly string[], now: number): Promise<CounterView[]> {
    this.expireNow(now);
    return keys.map((key) => {
      const c = this.live(key, now);
      return { key, spent: c?.spent ?? 0n, reserved: c?.reserved ?? 0n };
    });
  }

  async record(lines: readonly Pick<BudgetLine, "key" | "periodEnd">[], cost: bigint, now: number): Promise<void> {
    if (cost < 0n) throw new RangeError("negative cost");
    for (const line of lines) this.counter(line.key, line.periodEnd, now).spent += cost;
  }

  snapshot(): BudgetSnapshot {
    return {
      counters: [...this.counters].map(([key, c]) => ({ key, spent: c.spent.toString(), reserved: c.reserved.toString(), periodEnd: c.periodEnd })),
      holds: [...this.holds].map(([holdId, h]) => ({
        holdId,
        expiresAt: h.expiresAt,
        lines: h.lines.map((l) => ({ key: l.key, amount: l.amount.toString() })),
      })),
      settled: [...this.settled].map(([holdId, until]) => ({ holdId, until })),
    };
  }

  /** a state from a snapshot; holds past their TTL at `now` are expired at once */
  static restore(s: BudgetSnapshot, now: number, settledRetentionMs?: number): InMemoryBudgetState {
    const state = new InMemoryBudgetState(settledRetentionMs);
    for (const c of s.counters) state.counters.set(c.key, { spent: BigInt(c.spent), reserved: BigInt(c.reserved), periodEnd: c.periodEnd });
    for (const h of s.holds) state.holds.set(h.holdId, { expiresAt: h.expiresAt, lines: h.lines.map((l) => ({ key: l.key, amount: BigInt(l.amount) })) });
    for (const x of [...s.settled].sort((a, b) => a.until - b.until)) state.settled.set(x.holdId, x.until);
    state.nextExpiry = Number.NEGATIVE_INFINITY;
    state.expireNow(now);
    return state;
  }

  private live(key: string, now: number): Counter | undefined {
    const c = this.counters.get(key);
    return c && c.periodEnd > now ? c : undefined;
  }

  private counter(key: string, periodEnd: number, now: number): Counter {
    let c = this.counters.get(key);
    if (!c || c.periodEnd <= now) {
      // a key past its period end is a stale counter: start it again (only if the caller reuses a key)
      c = { spent: 0n, reserved: 0n, periodEnd };
      this.counters.set(key, c);
    }
    return c;
  }

  private dropHold(holdId: string): boolean {
    const h = this.holds.get(holdId);
    if (!h) return false;
    this.holds.delete(holdId);
    for (const line of h.lines) {
      const c = this.counters.get(line.key);
      if (c) c.reserved -= line.amount;
    }
    return true;
  }

  private expireNow(now: number): string[] {
    const expired: string[] = [];
    // settled ids are inserted in time order with one retention: the oldest are first
    for (const [id, until] of this.settled) {
      if (until > now) break;
      this.settled.delete(id);
    }
    if (now < this.nextExpiry) return expired;
    let next = Number.POSITIVE_INFINITY;
    for (const [id, h] of this.holds) {
      if (h.expiresAt <= now) {
        this.dropHold(id);
        expired.push(id);
      } else if (h.expiresAt < next) next = h.expiresAt;
    }
    this.nextExpiry = next;
    for (const [key, c] of this.counters) if (c.periodEnd <= now && c.reserved <= 0n) this.counters.delete(key);
    return expired;
  }
}
