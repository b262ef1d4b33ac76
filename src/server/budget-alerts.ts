/**
 * Budget alerts, delivered: when spend moves, each budget it touched is checked against its
 * thresholds; a threshold fires once per budget period — the ledger's `recordAlert` is the
 * guard (an atomic insert on budget + period + threshold), so a restart, a second check racing
 * the first, or a retried delivery never sends it twice. A fired alert goes to the server log
 * and, when the budget has a webhook, is POSTed there as JSON (signed with HMAC-SHA256 when a
 * secret is set), retried with exponential back-off until it is taken (2xx) or the retries run out.
 */
import {
  alertBody,
  backoffSchedule,
  detectSpike,
  SIGNATURE_HEADER,
  signBody,
  thresholdsToFire,
  usdToUnits,
  type AlertBody,
  type AnomalyRule,
  type Budget,
} from "../governance/index.js";
import type { Governor } from "../gateway/governor.js";
import type { Store } from "../ledger/store.js";

export interface BudgetAlertsOptions {
  store: Pick<Store, "alertsSent" | "recordAlert">;
  governor: Governor;
  log: (line: string) => void;
  /** signs each webhook body (`x-tokenomics-signature: sha256=<hex>`) */
  secret?: string | undefined;
  /** retries after the first try (default 6: 1, 2, 4, 8, 16, 32 s) */
  retries?: number;
  retryBaseMs?: number;
  /** POST a body, resolve to the HTTP status (default: fetch with a 10 s timeout) */
  post?: (url: string, body: string, headers: Record<string, string>) => Promise<number>;
  /** how often spend is checked against thresholds at most (default 100 ms) */
  checkEveryMs?: number;
  now?: () => number;
}

async function fetchPost(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { method: "POST", body, headers, signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return res.status;
}

/** the units of spend from which the lowest threshold not yet sent may fire (⌊limit × t / 100⌋: the exact test is thresholdsToFire's), or undefined when all are sent */
function nextThreshold(thresholds: readonly number[], sent: ReadonlySet<number>, limit: bigint): bigint | undefined {
  const left = thresholds.filter((t) => !sent.has(t));
  if (left.length === 0 || limit <= 0n) return undefined;
  const t = Math.min(...left);
  // thresholds may have decimals (12.5%): scaled by 1,000 to stay in integers
  const scaled = BigInt(Math.round(t * 1000));
  return (limit * scaled) / 100_000n;
}

/** the anomaly alert's body: a scope's spend far above its own trailing baseline */
export interface AnomalyBody {
  budget: string;
  kind: "anomaly";
  window: "hour" | "day";
  current_usd: string;
  baseline_usd: string;
  ratio: string | null;
  rule: string;
  text: string;
}

/** the rules anomalies are checked by: the last hour against the 24 before it, the last day against the 7 before it */
export const ANOMALY_RULES: readonly AnomalyRule[] = [
  { window: "hour", baselineWindows: 24, factor: "3", minIncreaseUsd: "1" },
  { window: "day", baselineWindows: 7, factor: "3", minIncreaseUsd: "1" },
];

export class BudgetAlerts {
  /** budget@period → thresholds sent (read from the ledger once per period) and the spend, in units, that fires the next */
  private readonly periods = new Map<string, { sent: Set<number>; next: bigint | undefined }>();
  private readonly queued = new Set<string>();
  private running: Promise<void> = Promise.resolve();
  private readonly deliveries = new Set<Promise<void>>();
  /** budget:window@window-start of the anomalies sent, so one spike alerts once per window */
  private readonly anomaliesSent = new Set<string>();
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: BudgetAlertsOptions) {}

  /**
   * spend moved for these budgets: check their thresholds soon — within `checkEveryMs`, one
   * check per budget however many events came meanwhile (under load, per-event checks would
   * cost more than the calls' admission)
   */
  check(budgets: readonly Budget[]): void {
    for (const b of budgets) if (b.alerts.length > 0) this.queued.add(b.name);
    if (this.queued.size > 0 && !this.timer) {
      this.timer = setTimeout(() => this.drainNow(), this.options.checkEveryMs ?? 100);
      this.timer.unref();
    }
  }

  /** the checks queued so far are done, now (deliveries may still be retrying) */
  settled(): Promise<void> {
    if (this.timer) this.drainNow();
    return this.running;
  }

  /** finish the checks queued, give deliveries in flight a moment, then stop retrying (what was not taken is in the log) */
  async close(graceMs = 2_000): Promise<void> {
    await this.settled();
    this.closed = true;
    await Promise.race([Promise.all(this.deliveries), new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  private drainNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.running.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    const names = [...this.queued];
    this.queued.clear();
    for (const name of names) {
      const budget = this.options.governor.budgets.find((b) => b.name === name);
      if (!budget) continue;
      try {
        await this.checkOne(budget);
      } catch (e) {
        this.options.log(`budget alert check for "${name}" failed: ${(e as Error).message}`);
      }
    }
  }

  private async checkOne(budget: Budget): Promise<void> {
    const c = await this.options.governor.counters(budget);
    if (!c) return;
    const periodStart = new Date(c.window.start).toISOString();
    const cacheKey = `${budget.name}@${periodStart}`;
    const limit = usdToUnits(budget.amountUsd);
    let period = this.periods.get(cacheKey);
    if (!period) {
      const sent = new Set((await this.options.store.alertsSent(budget.name, periodStart)).map((a) => a.threshold));
      period = { sent, next: nextThreshold(budget.alerts, sent, limit) };
      this.periods.set(cacheKey, period);
    }
    // the common case, on every event: below the next threshold (bigint compare, no decimals)
    if (period.next === undefined || c.spent < period.next) return;
    for (const threshold of thresholdsToFire(budget.alerts, c.spent, limit, [...period.sent])) {
      period.sent.add(threshold);
      const now = new Date((this.options.now ?? Date.now)()).toISOString();
      // the ledger decides: false means another check (or a run before a restart) sent it
      if (!(await this.options.store.recordAlert({ budget: budget.name, period_start: periodStart, threshold, sent_at: now }))) continue;
      const body = alertBody(budget.name, threshold, c.spent, limit, c.window);
      this.options.log(`budget alert: ${body.text}`);
      if (budget.webhook) this.deliver(budget.webhook, body);
    }
    period.next = nextThreshold(budget.alerts, period.sent, limit);
  }

  /**
   * Spend spikes: for each budget's scope, the spend of the last hour (day) against the mean of
   * the 24 hours (7 days) before it (`ANOMALY_RULES`, `detectSpike`); a spike is logged and
   * posted to the budget's webhook once per window. `spendIn` reads the ledger: the USD spent in
   * the scope in [from, to).
   */
  async checkAnomalies(spendIn: (budget: Budget, from: number, to: number) => Promise<string>): Promise<AnomalyBody[]> {
    const now = (this.options.now ?? Date.now)();
    const fired: AnomalyBody[] = [];
    for (const budget of this.options.governor.budgets) {
      for (const rule of ANOMALY_RULES) {
        const len = rule.window === "hour" ? 3_600_000 : 86_400_000;
        const windowStart = Math.floor(now / len) * len;
        const key = `${budget.name}:${rule.window}@${windowStart}`;
        if (this.anomaliesSent.has(key)) continue;
        const n = rule.baselineWindows!;
        const [current, past] = await Promise.all([spendIn(budget, now - len, now), spendIn(budget, now - len * (n + 1), now - len)]);
        // the two sums as points inside their windows: detectSpike needs only which window each falls in
        const r = detectSpike(
          [
            { ts: now - 1, units: usdToUnits(current) },
            { ts: now - len - 1, units: usdToUnits(past) },
          ],
          now,
          rule,
        );
        if (!r.anomalous) continue;
        this.anomaliesSent.add(key);
        const body: AnomalyBody = {
          budget: budget.name,
          kind: "anomaly",
          window: rule.window,
          current_usd: r.current_usd,
          baseline_usd: r.baseline_usd,
          ratio: r.ratio,
          rule: r.rule,
          text: `Spend anomaly in budget "${budget.name}": $${r.current_usd} in the last ${rule.window} against a baseline of $${r.baseline_usd} per ${rule.window}${r.ratio ? ` (${r.ratio}×)` : ""}`,
        };
        fired.push(body);
        this.options.log(`budget alert: ${body.text}`);
        if (budget.webhook) this.deliver(budget.webhook, body);
      }
    }
    return fired;
  }

  private deliver(url: string, alert: AlertBody | AnomalyBody): void {
    const body = JSON.stringify(alert);
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "tokenomics-alerts" };
    if (this.options.secret) headers[SIGNATURE_HEADER] = signBody(this.options.secret, body);
    const post = this.options.post ?? fetchPost;
    const delays = backoffSchedule(this.options.retries ?? 6, this.options.retryBaseMs ?? 1000);
    const attempt = async (): Promise<void> => {
      for (let i = 0; ; i++) {
        let outcome: string;
        try {
          const status = await post(url, body, headers);
          if (status >= 200 && status < 300) return;
          outcome = `HTTP ${status}`;
        } catch (e) {
          outcome = (e as Error).message;
        }
        if (i >= delays.length || this.closed) {
          const what = "threshold" in alert ? `at ${alert.threshold}%` : `(anomaly, last ${alert.window})`;
          this.options.log(`budget alert for "${alert.budget}" ${what} not delivered to its webhook after ${i + 1} tries (${outcome})`);
          return;
        }
        await new Promise((r) => setTimeout(r, delays[i]).unref());
      }
    };
    const p = attempt().finally(() => this.deliveries.delete(p));
    this.deliveries.add(p);
  }
}
