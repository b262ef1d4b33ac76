import type { CatalogFile } from "../catalog-schema.js";

const PRICING = "https://aws.amazon.com/bedrock/pricing/";
const retrieved = "2026-11-25";
// bedrock batch inference bills nova at half the on-demand rates
const batch = { multiplier: "0.5" };

// us-east-1 on-demand rates; other source regions (eu., apac. profiles) cost more
export const catalog: CatalogFile = {
  catalog: "builtin:amazon",
  description: "Amazon models on Bedrock, us-east-1 on-demand prices, USD per 1M tokens",
  models: [
    {
      id: "amazon.nova-micro-v1:0",
      provider: "amazon",
      host: "bedrock",
      mode: "chat",
      display_name: "Amazon Nova Micro",
      family: "nova",
      platform_ids: { openrouter: ["amazon/nova-micro-v1"] },
      context_window: 128000,
      prices: [{ from: "2024-12-03", rates: { input: "0.035", output: "0.14" }, batch, source: PRICING, retrieved }],
    },
    {
      id: "amazon.nova-lite-v1:0",
      provider: "amazon",
      host: "bedrock",
      mode: "chat",
      display_name: "Amazon Nova Lite",
      family: "nova",
      platform_ids: { openrouter: ["amazon/nova-lite-v1"] },
      context_window: 300000,
      prices: [{ from: "2024-12-03", rates: { input: "0.06", output: "0.24" }, batch, source: PRICING, retrieved }],
    },
    {
      id: "amazon.nova-pro-v1:0",
      provider: "amazon",
      host: "bedrock",
      mode: "chat",
      display_name: "Amazon Nova Pro",
      family: "nova",
      platform_ids: { openrouter: ["amazon/nova-pro-v1"] },
      context_window: 300000,
      prices: [
        {
          from: "2024-12-03",
          rates: { input: "0.80", cached_input: "0.20", output: "3.20" },
          batch,
          source: PRICING,
          retrieved,
        },
      ],
    },
    {
      id: "amazon.nova-premier-v1:0",
      provider: "amazon",
      host: "bedrock",
      mode: "chat",
      display_name: "Amazon Nova Premier",
      family: "nova",
      platform_ids: { openrouter: ["amazon/nova-premier-v1"] },
      context_window: 1000000,
      prices: [{ from: "2025-04-30", rates: { input: "2.50", output: "12.50" }, batch, source: PRICING, retrieved }],
    },
    {
      id: "amazon.titan-embed-text-v2:0",
      provider: "amazon",
      host: "bedrock",
      mode: "embedding",
      display_name: "Amazon Titan Text Embeddings V2",
      family: "titan-embed",
      context_window: 8192,
      prices: [{ from: "2024-04-30", rates: { input: "0.02" }, source: PRICING, retrieved }],
    },
  ],
};
