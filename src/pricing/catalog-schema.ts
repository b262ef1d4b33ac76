import { z } from "zod";

/**
 * The catalog file format: JSON, snake_case, money as decimal strings (never JSON numbers, so
 * no value ever passes through binary floating point). The built-in catalog and users' own
 * catalog files share this one shape.
 */

const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string such as "2.50"');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

/** USD per 1 million tokens, per token class; a class left out has no rate of its own */
export const RatesSchema = z.strictObject({
  input: decimalString.optional(),
  cached_input: decimalString.optional(),
  cache_write: decimalString.optional(),
  cache_write_1h: decimalString.optional(),
  output: decimalString.optional(),
  reasoning: decimalString.optional(),
  audio_input: decimalString.optional(),
  audio_output: decimalString.optional(),
});

/** USD per unit */
export const FeesSchema = z.strictObject({
  per_request: decimalString.optional(),
  per_image: decimalString.optional(),
  per_web_search: decimalString.optional(),
  per_audio_second: decimalString.optional(),
});

/** a pricing mode that scales the standard rates, or replaces some of them */
export const ModifierSchema = z
  .strictObject({ multiplier: decimalString.optional(), rates: RatesSchema.optional() })
  .refine((m) => m.multiplier !== undefined || m.rates !== undefined, "needs multiplier or rates");

export const TierSchema = z.strictObject({
  /** the tier applies to the whole request once its prompt (all input classes) exceeds this */
  above_prompt_tokens: z.number().int().positive(),
  rates: RatesSchema,
});

export const PriceVersionSchema = z.strictObject({
  from: isoDate,
  rates: RatesSchema,
  tiers: z.array(TierSchema).optional(),
  batch: ModifierSchema.optional(),
  service_tiers: z.record(z.string(), ModifierSchema).optional(),
  fees: FeesSchema.optional(),
  source: z.string().min(1),
  retrieved: isoDate,
  note: z.string().optional(),
});

export const ModelModeSchema = z.enum([
  "chat",
  "completion",
  "responses",
  "embedding",
  "image",
  "audio",
  "transcription",
  "speech",
  "rerank",
  "moderation",
  "video",
  "realtime",
  "search",
  "ocr",
  "other",
]);

export const ModelEntrySchema = z.strictObject({
  id: z.string().min(1),
  provider: z.string().min(1),
  mode: ModelModeSchema,
  display_name: z.string().optional(),
  family: z.string().optional(),
  aliases: z.array(z.string().min(1)).optional(),
  snapshots: z.array(z.string().min(1)).optional(),
  /** ids other platforms use: {"bedrock": [...], "vertex": [...], "azure": [...], "openrouter": [...]} */
  platform_ids: z.record(z.string(), z.array(z.string().min(1))).optional(),
  /** the host that serves it at these prices, where it is not the model's maker (e.g. "bedrock") */
  host: z.string().optional(),
  context_window: z.number().int().positive().optional(),
  max_output: z.number().int().positive().optional(),
  deprecated: isoDate.optional(),
  prices: z.array(PriceVersionSchema).min(1),
});

/** a name whose meaning moves over time, e.g. `gpt-4o` → a different snapshot after 2024-10-02 */
export const MovingAliasSchema = z.strictObject({
  alias: z.string().min(1),
  targets: z.array(z.strictObject({ from: isoDate, model: z.string().min(1) })).min(1),
});

/** a negotiated discount, a markup, or any multiplier on matching calls */
export const AdjustmentSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(["discount", "markup", "multiplier"]),
  /** discount 0.20 = 20% off; markup 0.15 = +15%; multiplier 0.8 = ×0.8 */
  value: decimalString,
  match: z
    .strictObject({
      provider: z.string().optional(),
      models: z.array(z.string()).optional(),
      customer: z.string().optional(),
    })
    .optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const CatalogFileSchema = z.strictObject({
  catalog: z.string().optional(),
  description: z.string().optional(),
  models: z.array(ModelEntrySchema).optional(),
  aliases: z.array(MovingAliasSchema).optional(),
  adjustments: z.array(AdjustmentSchema).optional(),
});

export type Rates = z.infer<typeof RatesSchema>;
export type Fees = z.infer<typeof FeesSchema>;
export type Modifier = z.infer<typeof ModifierSchema>;
export type Tier = z.infer<typeof TierSchema>;
export type PriceVersion = z.infer<typeof PriceVersionSchema>;
export type ModelMode = z.infer<typeof ModelModeSchema>;
export type ModelEntry = z.infer<typeof ModelEntrySchema>;
export type MovingAlias = z.infer<typeof MovingAliasSchema>;
export type Adjustment = z.infer<typeof AdjustmentSchema>;
export type CatalogFile = z.infer<typeof CatalogFileSchema>;
