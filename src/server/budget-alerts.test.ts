import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Governor } from "../gateway/governor.js";
import { parseBudget, signBody } from "../governance/index.js";
import { admittedEvent } from "../ingest/admit.js";
import type { BudgetAlert } from "../ledger/store.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import { usage } from "../usage/usage.js";
import { BudgetAlerts } from "./budget-alerts.js";

const catalog = builtinCatalog();
const NOW = Date.parse("2026-12-04T12:00:00Z");

/** a governor with one alert budget of $1, alerts to a recording POST answered with `statusFor(threshold)` */
function setup(statusFor: (threshold: number) => number = () => 204) {
  const budget = parseBudget({ name: "team-alerts", scope: { team: "a" }, period: "month", amountUsd: "1", action: "alert", webhook: "http://hooks.test/x" });
  const recorded: BudgetAlert[] = [];
  const posts: { body: string; headers: Record<string, string> }[] = [];
  const log: string[] = [];
  const governor = new Governor({ catalog, now: () => NOW });
  governor.setRules([budget], []);
  const alerts = new BudgetAlerts({
    store: {
      alertsSent: async () => [],
      recordAlert: async (a) => {
        if (recorded.some((r) => r.budget === a.budget && r.period_start === a.period_start && r.threshold === a.threshold)) return false;
        recorded.push(a);
        return true;
      },
    },
    governor,
    log: (l) => log.push(l),
    secret: "s3cret",
    retries: 2,
    retryBaseMs: 1,
    now: () => NOW,
    post: async (_url, body, headers) => {
      posts.push({ body, headers });
      return statusFor((JSON.parse(body) as { threshold: number }).threshold);
    },
  });
  // an event of `input` gpt-4o tokens ($2.50/M) for team a
  let n = 0;
  const spend = (input: number) =>
    governor.onEvent(
      admittedEvent(catalog, {
        id: `import:${++n}`,
        ts: new Date(NOW - 60_000).toISOString(),
        provider: "openai",
        model: "gpt-4o",
        usage: usage({ input, requests: 1 }),
        attribution: { team: "a" },
        interaction: {},
        request: {},
        source: { kind: "test", convention: "disjoint", raw_usage: null },
      }),
    );
  return { budget, governor, alerts, recorded, posts, log, spend };
}

describe("BudgetAlerts", () => {
  it("fires each threshold once per period, several at once when one event crosses them, signed", async () => {
    const { governor, alerts, posts, recorded, spend, budget } = setup();
    // 100,000 tokens × $2.50/M = $0.25: 25% of $1, nothing
    spend(100_000);
    alerts.check([budget]);
    await alerts.settled();
    assert.equal(posts.length, 0);
    // + 240,000 × $2.50/M = $0.60 → $0.85: 50% and 80% together
    spend(240_000);
    alerts.check([budget]);
    await alerts.settled();
    assert.deepEqual(
      posts.map((p) => (JSON.parse(p.body) as { threshold: number }).threshold),
      [50, 80],
    );
    const body = JSON.parse(posts[0]!.body) as Record<string, unknown>;
    assert.deepEqual([body.spent_usd, body.limit_usd, body.period_start], ["0.85", "1", "2026-12-01T00:00:00.000Z"]);
    assert.equal(posts[0]!.headers["x-tokenomics-signature"], signBody("s3cret", posts[0]!.body));
    // more spend below 100%, checked again: nothing new
    spend(40_000);
    alerts.check([budget]);
    await alerts.settled();
    assert.equal(posts.length, 2);
    assert.equal(recorded.length, 2);
    governor.close();
    await alerts.close(10);
  });

  it("retries a delivery that is not taken, with back-off, and logs one that never is", async () => {
    const { governor, alerts, posts, log, spend, budget } = setup((t) => (t === 50 ? 500 : 204));
    spend(400_000); // $1.00: 50, 80 and 100 at once
    alerts.check([budget]);
    await alerts.settled();
    for (let i = 0; i < 100 && log.filter((l) => l.includes("not delivered")).length < 1; i++) await new Promise((r) => setTimeout(r, 5));
    // the 50% alert is refused every time: tried, retried twice, given up and logged; the others taken at once
    assert.equal(posts.filter((p) => (JSON.parse(p.body) as { threshold: number }).threshold === 50).length, 3);
    assert.ok(
      log.some((l) => /"team-alerts" at 50% not delivered to its webhook after 3 tries \(HTTP 500\)/.test(l)),
      log.join("\n"),
    );
    assert.ok(log.some((l) => l.startsWith('budget alert: Budget "team-alerts" passed 100%')));
    governor.close();
    await alerts.close(10);
  });
});
