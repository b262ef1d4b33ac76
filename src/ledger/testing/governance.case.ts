import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseBudget, parsePolicy } from "../../governance/index.js";
import type { Store } from "../store.js";

/** the governance rules every Store must keep: budgets and policies by name, alerts once per threshold */
export function governanceCases(name: string, fresh: () => Promise<Store>): void {
  const budget = (amount: string, extra: Record<string, unknown> = {}) =>
    parseBudget({ name: "search", scope: { team: "search", "tag.plan": "pro" }, period: "month", amountUsd: amount, action: "block", ...extra });

  describe(`Store governance: ${name}`, () => {
    it("creates, leaves unchanged, updates, lists and deletes budgets", async () => {
      const store = await fresh();
      try {
        assert.equal(await store.saveBudget(budget("500")), "created");
        // the same definition, fields in another order: unchanged
        const reordered = Object.fromEntries(Object.entries(budget("500")).reverse()) as ReturnType<typeof budget>;
        assert.equal(await store.saveBudget(reordered), "unchanged");
        assert.equal(await store.saveBudget(budget("600", { holdCapUsd: "0.05" })), "updated");
        await store.saveBudget(parseBudget({ name: "a-first", period: "day", amountUsd: "1", action: "alert" }));
        const list = await store.listBudgets();
        assert.deepEqual(
          list.map((b) => b.name),
          ["a-first", "search"],
        );
        assert.deepEqual(list[1], budget("600", { holdCapUsd: "0.05" }));
        assert.equal(await store.deleteBudget("search"), true);
        assert.equal(await store.deleteBudget("search"), false);
        assert.equal((await store.listBudgets()).length, 1);
      } finally {
        await store.close();
      }
    });

    it("keeps policies apart from budgets", async () => {
      const store = await fresh();
      try {
        const p = parsePolicy({ name: "search", match: { feature: "nightly" }, requireTier: "batch", rateLimit: { requestsPerMinute: 60 } });
        assert.equal(await store.savePolicy(p), "created");
        assert.equal(await store.savePolicy(p), "unchanged");
        assert.deepEqual(await store.listPolicies(), [p]);
        assert.deepEqual(await store.listBudgets(), []);
        assert.equal(await store.deletePolicy("search"), true);
        assert.deepEqual(await store.listPolicies(), []);
      } finally {
        await store.close();
      }
    });

    it("records each alert threshold once per budget period", async () => {
      const store = await fresh();
      try {
        const march = "2026-03-01T00:00:00.000Z";
        const alert = { budget: "search", period_start: march, threshold: 50, sent_at: "2026-03-10T08:00:00.000Z" };
        assert.equal(await store.recordAlert(alert), true);
        // a second sender (another process, a retry) loses the race and sends nothing
        assert.equal(await store.recordAlert({ ...alert, sent_at: "2026-03-10T08:00:01.000Z" }), false);
        // the same instant written without milliseconds is the same period
        assert.equal(await store.recordAlert({ ...alert, period_start: "2026-03-01T00:00:00Z" }), false);
        assert.equal(await store.recordAlert({ ...alert, threshold: 80 }), true);
        assert.equal(await store.recordAlert({ ...alert, period_start: "2026-04-01T00:00:00.000Z" }), true);
        assert.deepEqual(await store.alertsSent("search", march), [
          { threshold: 50, sent_at: "2026-03-10T08:00:00.000Z" },
          { threshold: 80, sent_at: "2026-03-10T08:00:00.000Z" },
        ]);
        // a new period starts with none sent, with no reset job
        assert.deepEqual(await store.alertsSent("search", "2026-05-01T00:00:00.000Z"), []);
      } finally {
        await store.close();
      }
    });
  });
}
