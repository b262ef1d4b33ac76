import type { CatalogFile, PriceVersion, Tier } from "../catalog-schema.js";

const MODELS = "https://docs.x.ai/docs/models";
const RETIREMENT = "https://docs.x.ai/developers/migration/may-15-retirement";
const retrieved = "2026-11-25";

const grok43 = { input: "1.25", cached_input: "0.20", output: "2.50" };
const grok43Tiers: Tier[] = [{ above_prompt_tokens: 200000, rates: { input: "2.50", cached_input: "0.40", output: "5.00" } }];
// the cached rate above 128k is not published in the sources read: the base cached rate applies
const fastTiers: Tier[] = [{ above_prompt_tokens: 128000, rates: { input: "0.40", output: "1.00" } }];

/** retired slugs keep resolving after 2026-05-15 12:00 pt, served and billed as grok-4.3 */
const redirectedToGrok43: PriceVersion = {
  from: "2026-05-15",
  rates: grok43,
  tiers: grok43Tiers,
  source: RETIREMENT,
  retrieved,
  note: "retired 12:00 pt (19:00 utc); requests redirect to grok-4.3 and are billed at its rates",
};

const grok4Fast = (from: string): PriceVersion => ({
  from,
  rates: { input: "0.20", cached_input: "0.05", output: "0.50" },
  tiers: fastTiers,
  source: MODELS,
  retrieved,
});

export const catalog: CatalogFile = {
  catalog: "builtin:xai",
  description: "xAI API list prices, USD per 1M tokens",
  models: [
    {
      id: "grok-4.3",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 4.3",
      family: "grok-4",
      aliases: ["grok-4.3-latest"],
      platform_ids: { openrouter: ["x-ai/grok-4.3"] },
      context_window: 1000000,
      prices: [{ from: "2026-04-30", rates: grok43, tiers: grok43Tiers, source: MODELS, retrieved }],
    },
    {
      id: "grok-4-0709",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 4",
      family: "grok-4",
      aliases: ["grok-4", "grok-4-latest"],
      platform_ids: { openrouter: ["x-ai/grok-4"] },
      context_window: 256000,
      deprecated: "2026-05-15",
      prices: [
        {
          from: "2025-07-09",
          rates: { input: "3.00", cached_input: "0.75", output: "15.00" },
          tiers: [{ above_prompt_tokens: 128000, rates: { input: "6.00", output: "30.00" } }],
          source: MODELS,
          retrieved,
        },
        redirectedToGrok43,
      ],
    },
    {
      id: "grok-4-fast-reasoning",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 4 Fast (reasoning)",
      family: "grok-4-fast",
      aliases: ["grok-4-fast", "grok-4-fast-reasoning-latest"],
      platform_ids: { openrouter: ["x-ai/grok-4-fast"] },
      context_window: 2000000,
      deprecated: "2026-05-15",
      prices: [grok4Fast("2025-09-19"), redirectedToGrok43],
    },
    {
      id: "grok-4-fast-non-reasoning",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 4 Fast (non-reasoning)",
      family: "grok-4-fast",
      aliases: ["grok-4-fast-non-reasoning-latest"],
      context_window: 2000000,
      deprecated: "2026-05-15",
      prices: [grok4Fast("2025-09-19"), redirectedToGrok43],
    },
    {
      id: "grok-4-1-fast-reasoning",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 4.1 Fast (reasoning)",
      family: "grok-4-fast",
      aliases: ["grok-4-1-fast", "grok-4-1-fast-reasoning-latest"],
      platform_ids: { openrouter: ["x-ai/grok-4.1-fast"] },
      context_window: 2000000,
      deprecated: "2026-05-15",
      prices: [grok4Fast("2025-11-19"), redirectedToGrok43],
    },
    {
      id: "grok-4-1-fast-non-reasoning",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 4.1 Fast (non-reasoning)",
      family: "grok-4-fast",
      aliases: ["grok-4-1-fast-non-reasoning-latest"],
      context_window: 2000000,
      deprecated: "2026-05-15",
      prices: [grok4Fast("2025-11-19"), redirectedToGrok43],
    },
    {
      id: "grok-code-fast-1",
      provider: "xai",
      mode: "chat",
      display_name: "Grok Code Fast 1",
      family: "grok-code",
      aliases: ["grok-code-fast"],
      snapshots: ["grok-code-fast-1-0825"],
      platform_ids: { openrouter: ["x-ai/grok-code-fast-1"] },
      context_window: 256000,
      deprecated: "2026-05-15",
      prices: [{ from: "2025-08-26", rates: { input: "0.20", cached_input: "0.02", output: "1.50" }, source: MODELS, retrieved }, redirectedToGrok43],
    },
    {
      id: "grok-3",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 3",
      family: "grok-3",
      aliases: ["grok-3-latest", "grok-3-beta"],
      platform_ids: { openrouter: ["x-ai/grok-3"] },
      context_window: 131072,
      deprecated: "2026-05-15",
      prices: [{ from: "2025-04-09", rates: { input: "3.00", cached_input: "0.75", output: "15.00" }, source: MODELS, retrieved }, redirectedToGrok43],
    },
    {
      id: "grok-3-fast",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 3 Fast",
      family: "grok-3",
      aliases: ["grok-3-fast-latest", "grok-3-fast-beta"],
      context_window: 131072,
      prices: [
        {
          from: "2025-04-09",
          rates: { input: "5.00", cached_input: "1.25", output: "25.00" },
          source: MODELS,
          retrieved,
          note: "same model as grok-3 on faster infrastructure",
        },
      ],
    },
    {
      id: "grok-3-mini",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 3 Mini",
      family: "grok-3",
      aliases: ["grok-3-mini-latest", "grok-3-mini-beta"],
      platform_ids: { openrouter: ["x-ai/grok-3-mini"] },
      context_window: 131072,
      prices: [{ from: "2025-04-09", rates: { input: "0.30", cached_input: "0.075", output: "0.50" }, source: MODELS, retrieved }],
    },
    {
      id: "grok-3-mini-fast",
      provider: "xai",
      mode: "chat",
      display_name: "Grok 3 Mini Fast",
      family: "grok-3",
      aliases: ["grok-3-mini-fast-latest", "grok-3-mini-fast-beta"],
      context_window: 131072,
      prices: [{ from: "2025-04-09", rates: { input: "0.60", cached_input: "0.15", output: "4.00" }, source: MODELS, retrieved }],
    },
  ],
};
