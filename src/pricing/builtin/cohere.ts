import type { CatalogFile } from "../catalog-schema.js";

const PRICING = "https://cohere.com/pricing";
const retrieved = "2026-11-25";

export const catalog: CatalogFile = {
  catalog: "builtin:cohere",
  description: "Cohere API list prices, USD per 1M tokens (rerank per search)",
  models: [
    {
      id: "command-a-03-2025",
      provider: "cohere",
      mode: "chat",
      display_name: "Command A",
      family: "command-a",
      context_window: 256000,
      max_output: 8000,
      prices: [{ from: "2025-03-13", rates: { input: "2.50", output: "10.00" }, source: PRICING, retrieved }],
    },
    {
      id: "command-r-plus-08-2024",
      provider: "cohere",
      mode: "chat",
      display_name: "Command R+ 08-2024",
      family: "command-r",
      context_window: 128000,
      prices: [{ from: "2024-08-30", rates: { input: "2.50", output: "10.00" }, source: PRICING, retrieved }],
    },
    {
      id: "command-r-08-2024",
      provider: "cohere",
      mode: "chat",
      display_name: "Command R 08-2024",
      family: "command-r",
      context_window: 128000,
      prices: [{ from: "2024-08-30", rates: { input: "0.15", output: "0.60" }, source: PRICING, retrieved }],
    },
    {
      id: "command-r7b-12-2024",
      provider: "cohere",
      mode: "chat",
      display_name: "Command R7B",
      family: "command-r",
      context_window: 128000,
      prices: [{ from: "2024-12-13", rates: { input: "0.0375", output: "0.15" }, source: PRICING, retrieved }],
    },
    {
      id: "embed-v4.0",
      provider: "cohere",
      mode: "embedding",
      display_name: "Embed 4",
      family: "embed",
      context_window: 128000,
      prices: [
        {
          from: "2025-04-15",
          rates: { input: "0.12" },
          source: PRICING,
          retrieved,
          note: "text tokens; image inputs are 0.47 per 1m image tokens",
        },
      ],
    },
    {
      id: "embed-english-v3.0",
      provider: "cohere",
      mode: "embedding",
      display_name: "Embed English 3",
      family: "embed",
      context_window: 512,
      prices: [{ from: "2023-11-02", rates: { input: "0.10" }, source: PRICING, retrieved }],
    },
    {
      id: "embed-multilingual-v3.0",
      provider: "cohere",
      mode: "embedding",
      display_name: "Embed Multilingual 3",
      family: "embed",
      context_window: 512,
      prices: [{ from: "2023-11-02", rates: { input: "0.10" }, source: PRICING, retrieved }],
    },
    {
      id: "rerank-v3.5",
      provider: "cohere",
      mode: "rerank",
      display_name: "Rerank 3.5",
      family: "rerank",
      context_window: 4096,
      prices: [
        {
          from: "2024-12-02",
          rates: {},
          // $2.00 per 1,000 searches
          fees: { per_request: "0.002" },
          source: PRICING,
          retrieved,
          note: "billed per search: one query with up to 100 documents; count each further 100 documents as another request",
        },
      ],
    },
  ],
};
