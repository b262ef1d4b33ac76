import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { budgetKey, periodWindow } from "./budget.js";
import { InMemoryBudgetState, type BudgetLine } from "./budget-state.js";
import { usdToUnits } from "./units.js";

const T0 = Date.parse("2026-03-15T12:00:00Z");
const month = periodWindow("month", "UTC", T0);
const line = (amount: bigint, limit = usdToUnits("1"), key = budgetKey("eng", month), periodEnd = month.end): BudgetLine => ({ key, limit, periodEnd, amount });

describe("InMemoryBudgetState", () => {
  it("reserves, settles at the real cost and releases the rest", async () => {
    const s = new InMemoryBudgetState();
    const l = line(usdToUnits("0.60"));
    assert.deepEqual(await s.reserve({ holdId: "a", lines: [l], ttlMs: 60_000, now: T0 }), { admitted: true });
    assert.deepEqual(await s.read([l.key], T0), [{ key: l.key, spent: 0n, reserved: usdToUnits("0.60") }]);
    // a second $0.60 call would reach $1.20 > $1: refused, and nothing changed
    const r = await s.reserve({ holdId: "b", lines: [l], ttlMs: 60_000, now: T0 });
    assert.equal(r.admitted, false);
    assert.ok("refused" in r && r.refused.reserved === usdToUnits("0.60") && r.refused.key === l.key);
    assert.deepEqual(await s.settle({ holdId: "a", lines: [l], cost: usdToUnits("0.05"), now: T0 + 1 }), { charged: true, hadHold: true });
    assert.deepEqual(await s.read([l.key], T0 + 1), [{ key: l.key, spent: usdToUnits("0.05"), reserved: 0n }]);
    // the rest is usable again: $0.05 + $0.60 ≤ $1
    assert.deepEqual(await s.reserve({ holdId: "b", lines: [l], ttlMs: 60_000, now: T0 + 2 }), { admitted: true });
  });

  it("is all-or-nothing across budgets and names the first that refused", async () => {
    const s = new InMemoryBudgetState();
    const team = line(usdToUnits("0.5"), usdToUnits("10"), "budget:team@x");
    const key = line(usdToUnits("0.5"), usdToUnits("0.4"), "budget:key@x");
    const r = await s.reserve({ holdId: "a", lines: [team, key], ttlMs: 1000, now: T0 });
    assert.ok(!r.admitted && "refused" in r);
    assert.equal(r.refused.key, "budget:key@x");
    assert.deepEqual(await s.read(["budget:team@x"], T0), [{ key: "budget:team@x", spent: 0n, reserved: 0n }]);
  });

  it("settles a cancelled stream at what was used, and a settle twice charges once", async () => {
    const s = new InMemoryBudgetState();
    const l = line(usdToUnits("0.2"));
    await s.reserve({ holdId: "a", lines: [l], ttlMs: 1000, now: T0 });
    await s.settle({ holdId: "a", lines: [l], cost: usdToUnits("0.013"), now: T0 });
    assert.deepEqual(await s.settle({ holdId: "a", lines: [l], cost: usdToUnits("0.013"), now: T0 }), { charged: false, hadHold: false });
    assert.deepEqual(await s.read([l.key], T0), [{ key: l.key, spent: usdToUnits("0.013"), reserved: 0n }]);
  });

  it("expires a hold after its TTL; a late settle still records the spend", async () => {
    const s = new InMemoryBudgetState();
    const l = line(usdToUnits("0.9"));
    await s.reserve({ holdId: "a", lines: [l], ttlMs: 5_000, now: T0 });
    assert.equal((await s.reserve({ holdId: "b", lines: [l], ttlMs: 5_000, now: T0 + 4_999 })).admitted, false);
    assert.deepEqual(await s.read([l.key], T0 + 5_000), [{ key: l.key, spent: 0n, reserved: 0n }]);
    assert.deepEqual(await s.settle({ holdId: "a", lines: [l], cost: usdToUnits("0.3"), now: T0 + 6_000 }), { charged: true, hadHold: false });
    assert.deepEqual(await s.read([l.key], T0 + 6_000), [{ key: l.key, spent: usdToUnits("0.3"), reserved: 0n }]);
    const s2 = new InMemoryBudgetState();
    await s2.reserve({ holdId: "x", lines: [l], ttlMs: 10, now: T0 });
    assert.deepEqual(await s2.expire(T0 + 10), ["x"]);
    assert.equal(await s2.release("x", T0 + 11), false);
  });

  it("settles each line with its own cost where given (a token-rate line with the real tokens)", async () => {
    const s = new InMemoryBudgetState();
    const usd = line(usdToUnits("0.1"));
    const tokens: BudgetLine = { key: "rate:p:tpm:scope@m", limit: 5000n, periodEnd: T0 + 60_000, amount: 2000n };
    await s.reserve({ holdId: "a", lines: [usd, tokens], ttlMs: 1000, now: T0 });
    await s.settle({ holdId: "a", lines: [usd, { ...tokens, cost: 640n }], cost: usdToUnits("0.02"), now: T0 });
    assert.deepEqual(await s.read([usd.key, tokens.key], T0), [
      { key: usd.key, spent: usdToUnits("0.02"), reserved: 0n },
      { key: tokens.key, spent: 640n, reserved: 0n },
    ]);
  });

  it("releases a hold that was never forwarded", async () => {
    const s = new InMemoryBudgetState();
    const l = line(usdToUnits("1"));
    await s.reserve({ holdId: "a", lines: [l], ttlMs: 1000, now: T0 });
    assert.equal(await s.release("a", T0), true);
    assert.deepEqual(await s.reserve({ holdId: "b", lines: [l], ttlMs: 1000, now: T0 }), { admitted: true });
    assert.deepEqual(await s.reserve({ holdId: "b", lines: [l], ttlMs: 1000, now: T0 }), { admitted: false, duplicate: true });
  });

  it("starts a new period from zero with no reset job", async () => {
    const s = new InMemoryBudgetState();
    const march = line(usdToUnits("1"));
    await s.reserve({ holdId: "a", lines: [march], ttlMs: 1000, now: T0 });
    await s.settle({ holdId: "a", lines: [march], cost: usdToUnits("1"), now: T0 });
    assert.equal((await s.reserve({ holdId: "b", lines: [line(1n)], ttlMs: 1000, now: T0 })).admitted, false);
    const t = month.end; // 2026-04-01T00:00Z: the clock alone moves the key
    const april = periodWindow("month", "UTC", t);
    const aprilLine = line(usdToUnits("1"), usdToUnits("1"), budgetKey("eng", april), april.end);
    assert.notEqual(aprilLine.key, march.key);
    assert.deepEqual(await s.reserve({ holdId: "c", lines: [aprilLine], ttlMs: 1000, now: t }), { admitted: true });
    assert.deepEqual(await s.read([march.key], t), [{ key: march.key, spent: 0n, reserved: 0n }]);
  });

  it("snapshots and restores for the spool, expiring stale holds on restore", async () => {
    const s = new InMemoryBudgetState();
    const l = line(usdToUnits("0.4"));
    await s.reserve({ holdId: "a", lines: [l], ttlMs: 60_000, now: T0 });
    await s.reserve({ holdId: "b", lines: [l], ttlMs: 1_000, now: T0 });
    await s.settle({ holdId: "c", lines: [l], cost: usdToUnits("0.1"), now: T0 });
    const json = JSON.parse(JSON.stringify(s.snapshot()));
    const r = InMemoryBudgetState.restore(json, T0 + 2_000);
    assert.deepEqual(await r.read([l.key], T0 + 2_000), [{ key: l.key, spent: usdToUnits("0.1"), reserved: usdToUnits("0.4") }]);
    // settle "c" again after the restart: no double charge
    assert.equal((await r.settle({ holdId: "c", lines: [l], cost: usdToUnits("0.1"), now: T0 + 2_000 })).charged, false);
    await r.settle({ holdId: "a", lines: [l], cost: usdToUnits("0.2"), now: T0 + 3_000 });
    assert.deepEqual(await r.read([l.key], T0 + 3_000), [{ key: l.key, spent: usdToUnits("0.3"), reserved: 0n }]);
  });

  it("never settles above the limit under 1,000 concurrent reserve/settle interleavings", async () => {
    const limit = usdToUnits("0.45");
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            max: fc.bigInt({ min: 1n, max: usdToUnits("0.2") }),
            usedPct: fc.integer({ min: 0, max: 100 }),
            delay: fc.nat(20),
            cancel: fc.boolean(),
          }),
          { minLength: 1000, maxLength: 1000 },
        ),
        fc.scheduler(),
        async (calls, scheduler) => {
          const s = new InMemoryBudgetState();
          const key = "budget:race@2026-03-01";
          const l = (amount: bigint): BudgetLine => ({ key, limit, periodEnd: month.end, amount });
          let admitted = 0;
          const settledAt: number[] = [];
          let inFlight = 0;
          let maxInFlight = 0;
          const run = async (c: (typeof calls)[number], i: number) => {
            const id = `h${i}`;
            // the scheduler picks which pending step runs next: reserves and settles interleave
            await scheduler.schedule(Promise.resolve(), `arrive ${i}`);
            const r = await s.reserve({ holdId: id, lines: [l(c.max)], ttlMs: 600_000, now: T0 });
            if (!r.admitted) return;
            admitted++;
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            // real cost ≤ the reserved maximum; a cancelled stream settles at what was used so far
            const used = (c.max * BigInt(c.cancel ? Math.floor(c.usedPct / 2) : c.usedPct)) / 100n;
            await scheduler.schedule(Promise.resolve(), `call ${i}`);
            await s.settle({ holdId: id, lines: [l(0n)], cost: used, now: T0 + c.delay });
            settledAt.push(i);
            inFlight--;
          };
          const all = Promise.all(calls.map(run));
          await scheduler.waitFor(all);
          const [view] = await s.read([key], T0 + 100);
          assert.ok(admitted > 0);
          assert.equal(settledAt.length, admitted);
          // holds really overlapped: reserves raced settles, not one call after another
          assert.ok(maxInFlight > 1, `max in flight ${maxInFlight}`);
          assert.ok(view!.spent <= limit, `spent ${view!.spent} > ${limit}`);
          assert.equal(view!.reserved, 0n);
          // no false refusals afterwards: what remains is reservable
          const remaining = limit - view!.spent;
          if (remaining > 0n) assert.equal((await s.reserve({ holdId: "after", lines: [l(remaining)], ttlMs: 1, now: T0 + 100 })).admitted, true);
        },
      ),
      { numRuns: 10 },
    );
  });
});
