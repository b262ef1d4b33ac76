import type { CachingRule } from "../caching.js";

const anthropicSource = "https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching";
const openaiSource = "https://platform.openai.com/docs/guides/prompt-caching";
const retrieved = "2026-12-04";

// anthropic: writes 1.25x input (5-minute entry) or 2x (1-hour entry), reads 0.1x; each hit refreshes the entry
const anthropicLifetimes: CachingRule["lifetimes"] = [
  { name: "5m", ttl_seconds: 300, write_class: "cache_write", write_multiplier: "1.25" },
  { name: "1h", ttl_seconds: 3600, write_class: "cache_write_1h", write_multiplier: "2" },
];
const anthropic = {
  provider: "anthropic",
  mode: "explicit",
  max_breakpoints: 4,
  read_multiplier: "0.1",
  lifetimes: anthropicLifetimes,
  scope: "an organization's workspace: the same prefix sent with the same model by keys of one workspace",
  source: anthropicSource,
  retrieved,
} as const;

/**
 * The built-in prompt-caching rules (see `../caching.ts`), from the providers' documentation.
 * Providers without a rule here (Google, DeepSeek, xAI, …) are not simulated.
 */
export const BUILTIN_CACHING_RULES: readonly CachingRule[] = [
  {
    ...anthropic,
    models: ["claude-sonnet-4-5", "claude-sonnet-4", "claude-opus-4-1", "claude-opus-4", "claude-3-7-sonnet", "claude-3-5-sonnet", "claude-3-opus"],
    // prompt caching opened as a public beta on 2024-08-14 (generally available 2024-12-17)
    from: "2024-08-14",
    min_prefix_tokens: 1024,
  },
  {
    ...anthropic,
    models: ["claude-3-5-haiku", "claude-3-haiku"],
    from: "2024-08-14",
    min_prefix_tokens: 2048,
  },
  {
    ...anthropic,
    models: ["claude-opus-4-5", "claude-haiku-4-5"],
    from: "2025-10-15",
    min_prefix_tokens: 4096,
    note: "the docs list 4,096 for Opus 4.5 and Haiku 4.5; some secondary pages say it was raised from 1,024 after launch, on a date not verified here, so launch-week traffic may have cached shorter prefixes",
  },
  {
    provider: "openai",
    // "enabled for all recent models, gpt-4o and newer": the models whose price has a cached_input rate
    from: "2024-10-01",
    mode: "automatic",
    min_prefix_tokens: 1024,
    step_tokens: 128,
    lifetimes: [{ name: "auto", ttl_seconds: 300 }],
    scope: "an organization: the same prefix sent with the same model",
    source: openaiSource,
    retrieved,
    note: "no write charge; reads bill at the model's cached_input rate; entries live 5 to 10 minutes of inactivity (up to an hour off-peak), taken here as 5 minutes, the lower end; extended 24-hour retention, where a model offers it, is not modelled",
  },
];
