import type { CatalogFile } from "../catalog-schema.js";

/**
 * A small catalog with real published prices, so the engine's tests do not depend on the
 * built-in catalog's contents. Rates in USD per 1M tokens.
 */
export const fixtureCatalog: CatalogFile = {
  catalog: "fixture",
  models: [
    {
      id: "gpt-4o-2024-05-13",
      provider: "openai",
      mode: "chat",
      prices: [
        {
          from: "2024-05-13",
          rates: { input: "5.00", output: "15.00" },
          batch: { multiplier: "0.5" },
          source: "https://openai.com/api/pricing/",
          retrieved: "2026-11-25",
        },
      ],
    },
    {
      id: "gpt-4o-2024-08-06",
      provider: "openai",
      mode: "chat",
      platform_ids: { azure: ["azure/gpt-4o-2024-08-06"] },
      prices: [
        {
          from: "2024-08-06",
          rates: { input: "2.50", cached_input: "1.25", output: "10.00" },
          batch: { multiplier: "0.5" },
          source: "https://openai.com/api/pricing/",
          retrieved: "2026-11-25",
        },
      ],
    },
    {
      id: "o3",
      provider: "openai",
      mode: "chat",
      snapshots: ["o3-2025-04-16"],
      prices: [
        {
          from: "2025-04-16",
          rates: { input: "10.00", cached_input: "2.50", output: "40.00" },
          source: "https://platform.openai.com/docs/pricing",
          retrieved: "2026-11-25",
        },
        {
          from: "2025-06-10",
          rates: { input: "2.00", cached_input: "0.50", output: "8.00" },
          batch: { multiplier: "0.5" },
          service_tiers: { flex: { multiplier: "0.5" }, priority: { rates: { input: "3.50", cached_input: "0.875", output: "14.00" } } },
          source: "https://platform.openai.com/docs/pricing",
          retrieved: "2026-11-25",
        },
      ],
    },
    {
      id: "claude-sonnet-4-5",
      provider: "anthropic",
      mode: "chat",
      snapshots: ["claude-sonnet-4-5-20250929"],
      platform_ids: { bedrock: ["anthropic.claude-sonnet-4-5-20250929-v1:0"], vertex: ["claude-sonnet-4-5@20250929"] },
      prices: [
        {
          from: "2025-09-29",
          rates: { input: "3", cached_input: "0.30", cache_write: "3.75", cache_write_1h: "6", output: "15" },
          tiers: [{ above_prompt_tokens: 200000, rates: { input: "6", cached_input: "0.60", cache_write: "7.50", cache_write_1h: "12", output: "22.50" } }],
          batch: { multiplier: "0.5" },
          fees: { per_web_search: "0.01" },
          source: "https://docs.anthropic.com/en/docs/about-claude/pricing",
          retrieved: "2026-11-25",
        },
      ],
    },
    {
      id: "gemini-2.5-pro",
      provider: "google",
      mode: "chat",
      prices: [
        {
          from: "2025-06-17",
          rates: { input: "1.25", cached_input: "0.125", output: "10.00" },
          tiers: [{ above_prompt_tokens: 200000, rates: { input: "2.50", cached_input: "0.25", output: "15.00" } }],
          source: "https://ai.google.dev/gemini-api/docs/pricing",
          retrieved: "2026-11-25",
        },
      ],
    },
    {
      id: "dall-e-3",
      provider: "openai",
      mode: "image",
      prices: [{ from: "2023-11-06", rates: {}, fees: { per_image: "0.04" }, source: "https://openai.com/api/pricing/", retrieved: "2026-11-25" }],
    },
  ],
  aliases: [
    {
      alias: "gpt-4o",
      targets: [
        { from: "2024-05-13", model: "gpt-4o-2024-05-13" },
        { from: "2024-10-02", model: "gpt-4o-2024-08-06" },
      ],
    },
  ],
};
