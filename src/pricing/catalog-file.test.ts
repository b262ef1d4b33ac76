import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CatalogError } from "./catalog-error.js";
import { parseCatalog } from "./catalog-file.js";

const model = (extra: object = {}) => ({
  id: "acme-llm",
  provider: "acme",
  mode: "chat",
  prices: [{ from: "2026-01-01", rates: { input: "1.00", output: "2.00" }, source: "contract", retrieved: "2026-01-01" }],
  ...extra,
});

function errorOf(text: string): CatalogError {
  try {
    parseCatalog(text, "my.json");
  } catch (e) {
    if (e instanceof CatalogError) return e;
    throw e;
  }
  assert.fail("expected a CatalogError");
}

describe("parseCatalog", () => {
  it("accepts a valid Tokenomics catalog", () => {
    const r = parseCatalog(JSON.stringify({ models: [model()] }), "my.json");
    assert.equal(r.format, "tokenomics");
    assert.equal(r.catalog.models?.[0]?.id, "acme-llm");
  });

  it("names the file, the entry and the field of a bad rate", () => {
    const bad = model({ prices: [{ from: "2026-01-01", rates: { input: 1.5 }, source: "x", retrieved: "2026-01-01" }] });
    const e = errorOf(JSON.stringify({ models: [model({ id: "ok" }), bad] }));
    assert.equal(e.file, "my.json");
    assert.equal(e.entry, "acme-llm");
    assert.equal(e.field, "models[1].prices[0].rates.input");
    assert.match(e.message, /^my\.json: entry "acme-llm": models\[1\]\.prices\[0\]\.rates\.input: /);
  });

  it("rejects unknown fields, so a typo is not silently ignored", () => {
    const e = errorOf(JSON.stringify({ models: [model({ pricez: [] })] }));
    assert.match(e.message, /pricez/);
  });

  it("rejects duplicate ids and out-of-order versions", () => {
    assert.match(errorOf(JSON.stringify({ models: [model(), model()] })).message, /duplicate id/);
    const v = (from: string) => ({ from, rates: { input: "1" }, source: "x", retrieved: "2026-01-01" });
    assert.match(errorOf(JSON.stringify({ models: [model({ prices: [v("2026-02-01"), v("2026-01-01")] })] })).message, /must come after/);
  });

  it("reports JSON syntax errors with line and column", () => {
    const e = errorOf('{\n  "models": [\n    oops\n  ]\n}');
    assert.match(e.message, /^my\.json: not valid JSON: line 3, column 5/);
  });

  it("detects a LiteLLM price file", () => {
    const r = parseCatalog(
      JSON.stringify({ "my-model": { litellm_provider: "acme", input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, mode: "chat" } }),
      "l.json",
    );
    assert.equal(r.format, "litellm");
    assert.deepEqual(r.catalog.models?.[0]?.prices[0]?.rates, { input: "1", output: "2" });
  });
});
