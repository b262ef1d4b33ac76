import type { CatalogFile } from "../catalog-schema.js";

const source = "https://docs.anthropic.com/en/docs/about-claude/pricing";
const retrieved = "2026-11-25";
// message batches api: 50% of every standard rate
const half = { multiplier: "0.5" };
// web search tool: $10 per 1,000 searches
const webSearch = { per_web_search: "0.01" };

// cache writes are 1.25x input (5-minute) and 2x input (1-hour); cache hits are 0.1x input
export const catalog: CatalogFile = {
  catalog: "builtin:anthropic",
  description: "Anthropic Claude API list prices, USD per 1M tokens",
  models: [
    {
      id: "claude-opus-4-5",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Opus 4.5",
      family: "claude-opus",
      snapshots: ["claude-opus-4-5-20251101"],
      platform_ids: {
        bedrock: ["anthropic.claude-opus-4-5-20251101-v1:0"],
        vertex: ["claude-opus-4-5@20251101"],
        openrouter: ["anthropic/claude-opus-4.5"],
      },
      context_window: 200000,
      max_output: 64000,
      prices: [
        {
          from: "2025-11-24",
          rates: { input: "5", cache_write: "6.25", cache_write_1h: "10", cached_input: "0.50", output: "25" },
          batch: half,
          fees: webSearch,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-opus-4-1",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Opus 4.1",
      family: "claude-opus",
      snapshots: ["claude-opus-4-1-20250805"],
      platform_ids: {
        bedrock: ["anthropic.claude-opus-4-1-20250805-v1:0"],
        vertex: ["claude-opus-4-1@20250805"],
        openrouter: ["anthropic/claude-opus-4.1"],
      },
      context_window: 200000,
      max_output: 32000,
      prices: [
        {
          from: "2025-08-05",
          rates: { input: "15", cache_write: "18.75", cache_write_1h: "30", cached_input: "1.50", output: "75" },
          batch: half,
          fees: webSearch,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-opus-4",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Opus 4",
      family: "claude-opus",
      aliases: ["claude-opus-4-0"],
      snapshots: ["claude-opus-4-20250514"],
      platform_ids: {
        bedrock: ["anthropic.claude-opus-4-20250514-v1:0"],
        vertex: ["claude-opus-4@20250514"],
        openrouter: ["anthropic/claude-opus-4"],
      },
      context_window: 200000,
      max_output: 32000,
      prices: [
        {
          from: "2025-05-22",
          rates: { input: "15", cache_write: "18.75", cache_write_1h: "30", cached_input: "1.50", output: "75" },
          batch: half,
          fees: webSearch,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-sonnet-4-5",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Sonnet 4.5",
      family: "claude-sonnet",
      snapshots: ["claude-sonnet-4-5-20250929"],
      platform_ids: {
        bedrock: ["anthropic.claude-sonnet-4-5-20250929-v1:0"],
        vertex: ["claude-sonnet-4-5@20250929"],
        openrouter: ["anthropic/claude-sonnet-4.5"],
      },
      // 1m context with the context-1m beta; prompts over 200k bill at the long-context tier
      context_window: 1000000,
      max_output: 64000,
      prices: [
        {
          from: "2025-09-29",
          rates: { input: "3", cache_write: "3.75", cache_write_1h: "6", cached_input: "0.30", output: "15" },
          tiers: [
            {
              above_prompt_tokens: 200000,
              rates: { input: "6", cache_write: "7.50", cache_write_1h: "12", cached_input: "0.60", output: "22.50" },
            },
          ],
          batch: half,
          fees: webSearch,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-sonnet-4",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Sonnet 4",
      family: "claude-sonnet",
      aliases: ["claude-sonnet-4-0"],
      snapshots: ["claude-sonnet-4-20250514"],
      platform_ids: {
        bedrock: ["anthropic.claude-sonnet-4-20250514-v1:0"],
        vertex: ["claude-sonnet-4@20250514"],
        openrouter: ["anthropic/claude-sonnet-4"],
      },
      // 1m context with the context-1m beta; prompts over 200k bill at the long-context tier
      context_window: 1000000,
      max_output: 64000,
      prices: [
        {
          from: "2025-05-22",
          rates: { input: "3", cache_write: "3.75", cache_write_1h: "6", cached_input: "0.30", output: "15" },
          tiers: [
            {
              above_prompt_tokens: 200000,
              rates: { input: "6", cache_write: "7.50", cache_write_1h: "12", cached_input: "0.60", output: "22.50" },
            },
          ],
          batch: half,
          fees: webSearch,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-haiku-4-5",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Haiku 4.5",
      family: "claude-haiku",
      snapshots: ["claude-haiku-4-5-20251001"],
      platform_ids: {
        bedrock: ["anthropic.claude-haiku-4-5-20251001-v1:0"],
        vertex: ["claude-haiku-4-5@20251001"],
        openrouter: ["anthropic/claude-haiku-4.5"],
      },
      context_window: 200000,
      max_output: 64000,
      prices: [
        {
          from: "2025-10-15",
          rates: { input: "1", cache_write: "1.25", cache_write_1h: "2", cached_input: "0.10", output: "5" },
          batch: half,
          fees: webSearch,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-3-7-sonnet",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Sonnet 3.7",
      family: "claude-sonnet",
      aliases: ["claude-3-7-sonnet-latest"],
      snapshots: ["claude-3-7-sonnet-20250219"],
      platform_ids: {
        bedrock: ["anthropic.claude-3-7-sonnet-20250219-v1:0"],
        vertex: ["claude-3-7-sonnet@20250219"],
        openrouter: ["anthropic/claude-3.7-sonnet"],
      },
      context_window: 200000,
      max_output: 64000,
      prices: [
        {
          from: "2025-02-24",
          rates: { input: "3", cache_write: "3.75", cache_write_1h: "6", cached_input: "0.30", output: "15" },
          batch: half,
          fees: webSearch,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-3-5-sonnet",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Sonnet 3.5",
      family: "claude-sonnet",
      aliases: ["claude-3-5-sonnet-latest"],
      snapshots: ["claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022"],
      platform_ids: {
        bedrock: ["anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-5-sonnet-20241022-v2:0"],
        vertex: ["claude-3-5-sonnet@20240620", "claude-3-5-sonnet-v2@20241022"],
        openrouter: ["anthropic/claude-3.5-sonnet"],
      },
      context_window: 200000,
      max_output: 8192,
      prices: [
        {
          from: "2024-06-20",
          rates: { input: "3", cache_write: "3.75", cache_write_1h: "6", cached_input: "0.30", output: "15" },
          batch: half,
          fees: webSearch,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-3-5-haiku",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Haiku 3.5",
      family: "claude-haiku",
      aliases: ["claude-3-5-haiku-latest"],
      snapshots: ["claude-3-5-haiku-20241022"],
      platform_ids: {
        bedrock: ["anthropic.claude-3-5-haiku-20241022-v1:0"],
        vertex: ["claude-3-5-haiku@20241022"],
        openrouter: ["anthropic/claude-3.5-haiku"],
      },
      context_window: 200000,
      max_output: 8192,
      prices: [
        {
          from: "2024-11-04",
          rates: { input: "0.80", cache_write: "1", cache_write_1h: "1.6", cached_input: "0.08", output: "4" },
          batch: half,
          fees: webSearch,
          source,
          retrieved,
          note: "launched at $1 in / $5 out and cut to these rates about a month later; the date of the cut is not verified, so launch-month usage is under-priced here",
        },
      ],
    },
    {
      id: "claude-3-opus",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Opus 3",
      family: "claude-opus",
      aliases: ["claude-3-opus-latest"],
      snapshots: ["claude-3-opus-20240229"],
      platform_ids: {
        bedrock: ["anthropic.claude-3-opus-20240229-v1:0"],
        vertex: ["claude-3-opus@20240229"],
        openrouter: ["anthropic/claude-3-opus"],
      },
      context_window: 200000,
      max_output: 4096,
      prices: [
        {
          from: "2024-03-04",
          rates: { input: "15", cache_write: "18.75", cache_write_1h: "30", cached_input: "1.50", output: "75" },
          batch: half,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-3-sonnet",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Sonnet 3",
      family: "claude-sonnet",
      snapshots: ["claude-3-sonnet-20240229"],
      platform_ids: {
        bedrock: ["anthropic.claude-3-sonnet-20240229-v1:0"],
        vertex: ["claude-3-sonnet@20240229"],
        openrouter: ["anthropic/claude-3-sonnet"],
      },
      context_window: 200000,
      max_output: 4096,
      prices: [
        {
          from: "2024-03-04",
          rates: { input: "3", output: "15" },
          batch: half,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-3-haiku",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Haiku 3",
      family: "claude-haiku",
      snapshots: ["claude-3-haiku-20240307"],
      platform_ids: {
        bedrock: ["anthropic.claude-3-haiku-20240307-v1:0"],
        vertex: ["claude-3-haiku@20240307"],
        openrouter: ["anthropic/claude-3-haiku"],
      },
      context_window: 200000,
      max_output: 4096,
      prices: [
        {
          from: "2024-03-13",
          // the page publishes $0.30 and $0.03 here, not the exact 1.25x and 0.1x of input
          rates: { input: "0.25", cache_write: "0.30", cache_write_1h: "0.50", cached_input: "0.03", output: "1.25" },
          batch: half,
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-2.1",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude 2.1",
      family: "claude-2",
      platform_ids: {
        bedrock: ["anthropic.claude-v2:1"],
      },
      context_window: 200000,
      max_output: 4096,
      prices: [
        {
          from: "2023-11-21",
          rates: { input: "8", output: "24" },
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-2.0",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude 2.0",
      family: "claude-2",
      platform_ids: {
        bedrock: ["anthropic.claude-v2"],
      },
      context_window: 100000,
      max_output: 4096,
      prices: [
        {
          from: "2023-07-11",
          rates: { input: "8", output: "24" },
          source,
          retrieved,
        },
      ],
    },
    {
      id: "claude-instant-1.2",
      provider: "anthropic",
      mode: "chat",
      display_name: "Claude Instant 1.2",
      family: "claude-instant",
      platform_ids: {
        bedrock: ["anthropic.claude-instant-v1"],
      },
      context_window: 100000,
      max_output: 4096,
      prices: [
        {
          from: "2023-08-09",
          rates: { input: "0.80", output: "2.40" },
          source,
          retrieved,
        },
      ],
    },
  ],
};
