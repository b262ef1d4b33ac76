import Big from "big.js";
import type { CatalogFile, Fees, ModelEntry, ModelMode, Modifier, PriceVersion, Rates } from "./catalog-schema.js";
import { CatalogError } from "./catalog-error.js";

/**
 * Import of LiteLLM's `model_prices_and_context_window.json`: one object per model with costs
 * per *token* (or per unit) as JSON numbers. Numbers are read back through their shortest
 * round-trip decimal form, which is the literal the file's authors wrote, then scaled to our
 * per-million rates exactly.
 */

type RateKey = keyof Rates;

// base cost keys → our token classes
const TOKEN_KEYS: Record<string, RateKey> = {
  input_cost_per_token: "input",
  output_cost_per_token: "output",
  cache_read_input_token_cost: "cached_input",
  input_cost_per_token_cache_hit: "cached_input",
  cache_creation_input_token_cost: "cache_write",
  cache_creation_input_token_cost_above_1hr: "cache_write_1h",
  output_cost_per_reasoning_token: "reasoning",
  input_cost_per_audio_token: "audio_input",
  output_cost_per_audio_token: "audio_output",
};

const FEE_KEYS: Record<string, keyof Fees> = {
  output_cost_per_image: "per_image",
  input_cost_per_request: "per_request",
  input_cost_per_query: "per_request",
  search_context_cost_per_query: "per_web_search",
  input_cost_per_second: "per_audio_second",
  input_cost_per_audio_per_second: "per_audio_second",
  output_cost_per_second: "per_audio_second",
};

const MODES: Record<string, ModelMode> = {
  chat: "chat",
  completion: "completion",
  responses: "responses",
  embedding: "embedding",
  image_generation: "image",
  image_edit: "image",
  audio_transcription: "transcription",
  audio_speech: "speech",
  realtime: "realtime",
  rerank: "rerank",
  moderation: "moderation",
  video_generation: "video",
  search: "search",
  ocr: "ocr",
};

// suffixes that put a key into a pricing mode
const MODE_SUFFIX = /_(batches|flex|priority)$/;
const TIER_SUFFIX = /_above_(\d+)k_tokens$/;

export interface LiteLLMImport {
  catalog: CatalogFile;
  /** cost keys we have no class for (per pixel, per character, per video second…), with counts */
  unmapped: Record<string, number>;
  /** ids of entries skipped because none of their costs maps to a Tokenomics class */
  skipped: string[];
}

export interface LiteLLMOptions {
  /** where the file came from, for error messages and each version's `source` */
  source?: string;
  /** the date the prices are effective from (LiteLLM keeps no history) */
  from?: string;
  retrieved?: string;
}

/** true if a parsed JSON value looks like a LiteLLM price file rather than a Tokenomics catalog */
export function isLiteLLMFormat(json: unknown): json is Record<string, unknown> {
  if (!json || typeof json !== "object" || Array.isArray(json) || "models" in json) return false;
  return Object.values(json).some((v) => v !== null && typeof v === "object" && ("litellm_provider" in v || "input_cost_per_token" in v));
}

/**
 * @example
 * const { catalog } = importLiteLLM(JSON.parse(text), { source: "prices.json" });
 */
export function importLiteLLM(json: Record<string, unknown>, options: LiteLLMOptions = {}): LiteLLMImport {
  const source = options.source ?? "model_prices_and_context_window.json";
  const from = options.from ?? "1970-01-01";
  const retrieved = options.retrieved ?? new Date().toISOString().slice(0, 10);
  const models: ModelEntry[] = [];
  const unmapped: Record<string, number> = {};
  const skipped: string[] = [];
  for (const [id, raw] of Object.entries(json)) {
    if (id === "sample_spec" || raw === null || typeof raw !== "object") continue;
    const entry = raw as Record<string, unknown>;
    const version = versionOf(id, entry, { source, from, retrieved }, unmapped);
    if (!version) {
      skipped.push(id);
      continue;
    }
    const provider = typeof entry.litellm_provider === "string" ? entry.litellm_provider : id.split("/")[0]!;
    const model: ModelEntry = {
      id,
      provider,
      mode: MODES[String(entry.mode)] ?? "other",
      prices: [version],
    };
    const context = positiveInt(entry.max_input_tokens);
    const output = positiveInt(entry.max_output_tokens);
    if (context) model.context_window = context;
    if (output) model.max_output = output;
    models.push(model);
  }
  return { catalog: { catalog: `litellm:${source}`, models }, unmapped, skipped };
}

function versionOf(
  id: string,
  entry: Record<string, unknown>,
  meta: { source: string; from: string; retrieved: string },
  unmapped: Record<string, number>,
): PriceVersion | undefined {
  const rates: Rates = {};
  const fees: Fees = {};
  const tiers = new Map<number, Rates>();
  const modes: Record<string, Rates> = {};
  let any = false;
  for (const [key, value] of Object.entries(entry)) {
    if (!/cost|price/.test(key) || value === null || value === undefined) continue;
    const amount = amountOf(id, key, value);
    if (amount === undefined) continue;
    let base = key;
    const mode = base.match(MODE_SUFFIX)?.[1];
    if (mode) base = base.replace(MODE_SUFFIX, "");
    const tierK = base.match(TIER_SUFFIX)?.[1];
    if (tierK) base = base.replace(TIER_SUFFIX, "");
    const cls = TOKEN_KEYS[base];
    const fee = FEE_KEYS[base];
    if (cls && !(mode && tierK)) {
      const perMillion = amount.times(1_000_000).toFixed();
      const target = mode ? (modes[mode] ??= {}) : tierK ? tiersAt(tiers, Number(tierK) * 1000) : rates;
      target[cls] = perMillion;
      any = true;
    } else if (fee && !mode && !tierK) {
      if (fees[fee] === undefined) fees[fee] = amount.toFixed();
      any = true;
    } else {
      unmapped[key] = (unmapped[key] ?? 0) + 1;
    }
  }
  if (!any) return undefined;
  const version: PriceVersion = { from: meta.from, rates, source: meta.source, retrieved: meta.retrieved };
  if (tiers.size > 0) version.tiers = [...tiers].map(([above, r]) => ({ above_prompt_tokens: above, rates: r }));
  if (Object.keys(fees).length > 0) version.fees = fees;
  if (modes.batches) version.batch = { rates: modes.batches };
  const service: Record<string, Modifier> = {};
  if (modes.flex) service.flex = { rates: modes.flex };
  if (modes.priority) service.priority = { rates: modes.priority };
  if (Object.keys(service).length > 0) version.service_tiers = service;
  return version;
}

function tiersAt(tiers: Map<number, Rates>, above: number): Rates {
  let r = tiers.get(above);
  if (!r) tiers.set(above, (r = {}));
  return r;
}

/** a cost value as an exact decimal; search costs may be {search_context_size_medium: …} */
function amountOf(id: string, key: string, value: unknown): Big | undefined {
  let v = value;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    v = o.search_context_size_medium ?? o.search_context_size_low ?? Object.values(o)[0];
  }
  if (typeof v !== "number" && typeof v !== "string") return undefined;
  let amount: Big;
  try {
    amount = new Big(String(v));
  } catch {
    throw new CatalogError(`${key}: not a number: ${JSON.stringify(value)}`, { entry: id, field: key });
  }
  if (amount.lt(0)) throw new CatalogError(`${key}: negative cost ${String(v)}`, { entry: id, field: key });
  return amount;
}

function positiveInt(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined;
}
