import Big from "big.js";
import { Catalog } from "../src/pricing/catalog.js";
import { builtinCatalogFiles } from "../src/pricing/builtin/index.js";
import { priceWith, type PricedCall } from "../src/pricing/price.js";
import { usage, type Usage } from "../src/usage/usage.js";
import { seededRandom as random } from "../src/shared/random.js";

export interface PricingResult {
  records: number;
  recordsPerSecond: number;
  totalOnlyPerSecond: number;
  naiveBigJsPerSecond: number;
  exactChecked: number;
  models: number;
}

const MODELS = [
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "gpt-4.1-mini",
  "o3",
  "o4-mini",
  "gpt-5",
  "gpt-5-mini",
  "claude-sonnet-4-5",
  "claude-haiku-4-5",
  "claude-opus-4-1",
  "anthropic/claude-sonnet-4.5",
  "gemini-2.5-pro",
  "gemini-2.5-flash",
  "deepseek-chat",
  "grok-4-0709",
  "mistral-medium-2508",
  "amazon.nova-pro-v1:0",
  "command-a-03-2025",
  "groq/llama-3.3-70b-versatile",
];

interface Rec {
  model: string;
  at: string;
  usage: Usage;
}

function records(n: number): Rec[] {
  const rnd = random(42);
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + Math.floor(rnd() * 28);
    const month = Math.floor(rnd() * 4); // 2025-11 … 2026-02
    out.push({
      model: MODELS[i % MODELS.length]!,
      at: `${month < 2 ? 2025 : 2026}-${String(month < 2 ? 11 + month : month - 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      usage: usage({
        input: Math.floor(rnd() * 20_000),
        cached_input: rnd() < 0.5 ? Math.floor(rnd() * 50_000) : 0,
        cache_write: rnd() < 0.2 ? Math.floor(rnd() * 5_000) : 0,
        output: Math.floor(rnd() * 2_000),
        reasoning: rnd() < 0.3 ? Math.floor(rnd() * 4_000) : 0,
        requests: 1,
      }),
    });
  }
  return out;
}

/** price the records through the public API, exactly, on this one thread */
export function benchPricing(total = 2_000_000): PricingResult {
  const catalog = Catalog.from(...builtinCatalogFiles);
  const recs = records(200_000);
  // warm up (resolution caches, compiled sheets, JIT) and make sure every record is priceable
  for (const r of recs) {
    const p = priceWith(catalog, r.usage, r.model, r.at);
    if (!p.priced) throw new Error(`${r.model} on ${r.at}: ${p.reason}`);
  }

  let sink = 0;
  let start = performance.now();
  for (let done = 0; done < total; ) {
    for (const r of recs) {
      const p = priceWith(catalog, r.usage, r.model, r.at) as PricedCall;
      sink += p.total_usd.length;
      if (++done === total) break;
    }
  }
  const recordsPerSecond = total / ((performance.now() - start) / 1000);

  start = performance.now();
  for (let done = 0; done < total; ) {
    for (const r of recs) {
      const p = priceWith(catalog, r.usage, r.model, r.at) as PricedCall;
      sink += typeof p.total === "number" ? 1 : 0;
      if (++done === total) break;
    }
  }
  const totalOnlyPerSecond = total / ((performance.now() - start) / 1000);

  // the straightforward alternative: a decimal library doing every multiply and add
  const naive = recs.slice(0, 100_000);
  const rates = naive.map((r) => (priceWith(catalog, r.usage, r.model, r.at) as PricedCall).appliedRates);
  start = performance.now();
  naive.forEach((r, i) => {
    let t = new Big(0);
    for (const [field, rate] of Object.entries(rates[i]!)) {
      const n = r.usage[field as keyof Usage];
      t = t.plus(field === "requests" ? new Big(n).times(rate) : new Big(n).times(rate).div(1_000_000));
    }
    sink += t.toFixed().length;
  });
  const naiveBigJsPerSecond = naive.length / ((performance.now() - start) / 1000);

  // every benchmarked price is exact: recompute a sample with big.js from the applied rates
  let exactChecked = 0;
  for (const r of recs.slice(0, 20_000)) {
    const p = priceWith(catalog, r.usage, r.model, r.at) as PricedCall;
    let t = new Big(0);
    for (const [field, rate] of Object.entries(p.appliedRates)) {
      const n = new Big(r.usage[field as keyof Usage]);
      t = t.plus(field === "requests" ? n.times(rate) : n.times(rate).div(1_000_000));
    }
    if (t.toFixed() !== new Big(p.total_usd).toFixed()) throw new Error(`inexact: ${r.model} ${p.total_usd} vs ${t.toFixed()}`);
    exactChecked++;
  }
  if (sink < 0) console.log(sink);
  return { records: total, recordsPerSecond, totalOnlyPerSecond, naiveBigJsPerSecond, exactChecked, models: MODELS.length };
}
