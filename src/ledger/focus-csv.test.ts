import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Big from "big.js";
import { csvField, focusCsv, focusCsvLines } from "./focus-csv.js";
import { FOCUS_COLUMNS, type FocusRow } from "./focus.js";

/** a strict RFC 4180 reader, enough to read the writer's output back */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') break;
        else field += text[i++];
      }
      i++;
    } else if (text[i] === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (text.startsWith("\r\n", i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else field += text[i++];
  }
  assert.equal(field, "", "the last record ends with CRLF");
  return rows;
}

const row = (over: Partial<FocusRow> = {}): FocusRow => ({
  period_start: "2026-11-01",
  period_end: "2026-11-02",
  provider: "openai",
  model: "gpt-4o-mini",
  token_class: "input",
  quantity: 1_000_000,
  list_cost: "0.15",
  billed_cost: "0.15",
  effective_cost: "0.15",
  ...over,
});

describe("focusCsv", () => {
  it("starts with the FOCUS column ids", () => {
    const [header] = parseCsv(focusCsv([]));
    assert.deepEqual(header, [...FOCUS_COLUMNS]);
    // the columns FOCUS 1.3 makes mandatory for every cost and usage dataset
    for (const c of [
      "BilledCost",
      "BillingAccountId",
      "BillingAccountName",
      "BillingCurrency",
      "BillingPeriodEnd",
      "BillingPeriodStart",
      "ChargeCategory",
      "ChargeClass",
      "ChargeDescription",
      "ChargePeriodEnd",
      "ChargePeriodStart",
      "ContractedCost",
      "EffectiveCost",
      "HostProviderName",
      "InvoiceIssuerName",
      "ListCost",
      "PricingQuantity",
      "PricingUnit",
      "ProviderName",
      "PublisherName",
      "ServiceCategory",
      "ServiceName",
      "ServiceProviderName",
    ])
      assert.ok(new Set<string>(header).has(c), c);
  });

  it("quotes fields with commas, quotes and line breaks, and reads back the same", () => {
    const tags = { team: 'search, "core"', note: "two\nlines" };
    const text = focusCsv([row({ model: "acme,llm", tags })]);
    assert.ok(text.includes('"acme,llm input tokens"'));
    const [header, cells] = parseCsv(text);
    const get = (c: string): string => cells![header!.indexOf(c)]!;
    assert.equal(cells!.length, FOCUS_COLUMNS.length);
    assert.equal(get("ChargeDescription"), "acme,llm input tokens");
    assert.deepEqual(JSON.parse(get("Tags")), tags);
    assert.equal(get("ChargeClass"), "");
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField("a\rb"), '"a\rb"');
    assert.equal(csvField(null), "");
  });

  it("keeps the billed total exact across many rows", () => {
    // costs with up to 9 decimals: their float sum drifts, their decimal sum must not
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const cost = new Big(i * 7919 + 13).div(1e9).toFixed();
      return row({ quantity: i * 1000 + 1, list_cost: cost, billed_cost: cost, effective_cost: cost, token_class: i % 2 ? "output" : "cached_input" });
    });
    const expected = rows.reduce((s, r) => s.plus(r.billed_cost), new Big(0));
    const [header, ...cells] = parseCsv(focusCsv(rows));
    const at = header!.indexOf("BilledCost");
    const total = cells.reduce((s, c) => s.plus(c[at]!), new Big(0));
    assert.equal(cells.length, 1000);
    assert.ok(total.eq(expected), `${total.toFixed()} ≠ ${expected.toFixed()}`);
  });

  it("streams line by line", () => {
    const lines = [...focusCsvLines([row(), row({ token_class: "output" })])];
    assert.equal(lines.length, 3);
    assert.ok(lines.every((l) => l.endsWith("\r\n")));
    assert.equal(lines.join(""), focusCsv([row(), row({ token_class: "output" })]));
  });
});
