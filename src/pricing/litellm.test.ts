import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Big from "big.js";
import { usage } from "../usage/usage.js";
import { Catalog } from "./catalog.js";
import { parseCatalog } from "./catalog-file.js";
import { importLiteLLM } from "./litellm.js";
import { priceWith, type PriceOutcome } from "./price.js";

// the reference copy lives beside the repo, in ../shared; read it, never copy it in
const referencePath = fileURLToPath(new URL("../../../../shared/reference/litellm/model_prices_and_context_window.json", import.meta.url));
const text = readFileSync(referencePath, "utf8");
const raw = JSON.parse(text) as Record<string, Record<string, unknown>>;
const imported = importLiteLLM(raw, { source: "reference", retrieved: "2026-07-24" });
const catalog = Catalog.from(imported.catalog);

function total(outcome: PriceOutcome): string {
  if (!outcome.priced) assert.fail(outcome.reason);
  return outcome.total_usd;
}

describe("LiteLLM import (reference copy of model_prices_and_context_window.json)", () => {
  it("imports every entry that has a price we can express", () => {
    const entries = Object.keys(raw).filter((k) => k !== "sample_spec");
    assert.equal(imported.catalog.models!.length + imported.skipped.length, entries.length);
    assert.ok(imported.catalog.models!.length > 2700, `imported ${imported.catalog.models!.length}`);
    // what is skipped carries no cost at all, or only costs with no Tokenomics class
    // (per pixel, per character, per video second…), which are reported as unmapped
    for (const id of imported.skipped) {
      const costs = Object.entries(raw[id]!).filter(([k, v]) => /cost|price/.test(k) && typeof v === "number");
      assert.ok(
        costs.every(([k]) => k in imported.unmapped),
        `${id} was skipped but has ${costs.map(([k]) => k).join(", ")}`,
      );
    }
    // the file is detected as LiteLLM's format by the generic parser
    assert.equal(parseCatalog(text, "reference.json").format, "litellm");
  });

  it("maps cache write 5m/1h, cache read and the 200k tier (claude-sonnet-4-5-20250929)", () => {
    const m = catalog.get("claude-sonnet-4-5-20250929")!;
    const v = m.prices[0]!;
    assert.deepEqual(v.rates, { input: "3", output: "15", cached_input: "0.3", cache_write: "3.75", cache_write_1h: "6" });
    assert.deepEqual(v.tiers, [
      { above_prompt_tokens: 200000, rates: { input: "6", output: "22.5", cache_write: "7.5", cached_input: "0.6", cache_write_1h: "12" } },
    ]);
    // 250,000 input + 1,000 output is past 200k: 250,000 × $6/M + 1,000 × $22.50/M = 1.5 + 0.0225 = 1.5225
    assert.equal(total(priceWith(catalog, usage({ input: 250_000, output: 1_000 }), "claude-sonnet-4-5-20250929", "2026-07-24")), "1.5225");
    assert.equal(v.fees?.per_web_search, "0.01");
  });

  it("maps batch and priority rates (gpt-4o)", () => {
    const v = catalog.get("gpt-4o")!.prices[0]!;
    assert.deepEqual(v.batch, { rates: { input: "1.25", output: "5" } });
    assert.deepEqual(v.service_tiers?.priority, { rates: { cached_input: "2.125", input: "4.25", output: "17" } });
    // batch: 1M × $1.25 + 1M × $5 = $6.25
    assert.equal(total(priceWith(catalog, usage({ input: 1_000_000, output: 1_000_000 }), "gpt-4o", "2026-07-24", { batch: true })), "6.25");
  });

  it("maps flex, reasoning and audio keys where the file has them", () => {
    const flex = imported.catalog.models!.find((m) => m.prices[0]!.service_tiers?.flex);
    assert.ok(flex, "some entry has flex rates");
    const audio = imported.catalog.models!.find((m) => m.prices[0]!.rates.audio_input !== undefined);
    assert.ok(audio, "some entry has audio input rates");
    const reasoning = imported.catalog.models!.find((m) => m.prices[0]!.rates.reasoning !== undefined);
    assert.ok(reasoning, "some entry has a reasoning rate");
    const perImage = imported.catalog.models!.find((m) => m.prices[0]!.fees?.per_image !== undefined);
    assert.ok(perImage, "some entry has a per-image fee");
  });

  it("prices 100k in + 100k out of every chat entry exactly as its per-token numbers say", () => {
    let checked = 0;
    for (const [id, entry] of Object.entries(raw)) {
      const input = entry.input_cost_per_token;
      const output = entry.output_cost_per_token;
      if (entry.mode !== "chat" || typeof input !== "number" || typeof output !== "number") continue;
      if (catalog.get(id) === undefined) continue;
      // the file's own numbers, read as decimals and scaled by hand: (in + out) × 100,000
      // (100k stays below every long-context threshold in the file, the lowest being 128k)
      const expected = new Big(String(input)).plus(String(output)).times(100_000).toFixed();
      assert.equal(total(priceWith(catalog, usage({ input: 100_000, output: 100_000 }), id, "2026-07-24")), expected, id);
      checked++;
    }
    assert.ok(checked > 1500, `checked ${checked}`);
  });

  it("reports the cost keys it has no class for", () => {
    assert.ok((imported.unmapped.input_cost_per_pixel ?? 0) > 0);
    assert.equal(imported.unmapped.input_cost_per_token, undefined);
  });
});
