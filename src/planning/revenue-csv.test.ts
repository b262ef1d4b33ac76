import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRevenueCsv, RevenueCsvError } from "./revenue-csv.js";

describe("parseRevenueCsv", () => {
  it("reads month, customer, exact revenue and an optional plan", () => {
    const rows = parseRevenueCsv('month,customer,revenue_usd,plan\n2026-10,acme,10.00,pro\n\n2026-10,"beta, inc",0.1,\n', "r.csv");
    assert.deepEqual(
      rows.map((r) => [r.month, r.customer, r.revenue.toFixed(), r.plan, r.line]),
      [
        ["2026-10", "acme", "10", "pro", 2],
        ["2026-10", "beta, inc", "0.1", null, 4],
      ],
    );
  });

  it("names file, line and field on a bad row", () => {
    const bad = (text: string, re: RegExp) =>
      assert.throws(
        () => parseRevenueCsv(text, "r.csv"),
        (e: unknown) => e instanceof RevenueCsvError && re.test(e.message),
      );
    bad("month,customer,revenue_usd\n2026-10,acme,10\n2026-10,beta,ten\n", /^r\.csv:3: revenue_usd: .*"ten"/);
    bad("month,customer,revenue_usd\n2026-13,acme,10\n", /^r\.csv:2: month: /);
    bad("month,customer,revenue_usd\n2026-10,,10\n", /^r\.csv:2: customer: empty/);
    bad("month,customer,revenue_usd\n2026-10,acme,-1\n", /^r\.csv:2: revenue_usd: /);
    bad("month,customer,revenue_usd\n2026-10,acme,1\n2026-10,acme,2\n", /^r\.csv:3: customer: .*line 2/);
    bad("month,customer,amount\n2026-10,acme,1\n", /^r\.csv:1: header: missing column "revenue_usd"/);
    bad("month,customer\n", /^r\.csv:1: header: missing column "revenue_usd"/);
  });
});
