import type { CatalogFile, ModelEntry, PriceVersion, Rates } from "../catalog-schema.js";

const BEDROCK = "https://aws.amazon.com/bedrock/pricing/";
const GROQ = "https://groq.com/pricing";
const TOGETHER = "https://www.together.ai/pricing";
const retrieved = "2026-11-25";
// the groq and together tables could not be read when this was written
const LITELLM_ONLY = "rate cross-checked against litellm's price file only";

function price(from: string, rates: Rates, source: string, extra: Partial<PriceVersion> = {}): PriceVersion {
  return { from, rates, source, retrieved, ...extra };
}

/** llama sold by a host: each host prices the same weights differently */
function hosted(host: string, id: string, fields: Omit<ModelEntry, "id" | "provider" | "host" | "mode">): ModelEntry {
  return { id, provider: "meta", host, mode: "chat", ...fields };
}

export const catalog: CatalogFile = {
  catalog: "builtin:meta-llama",
  description: "Meta Llama as sold by Bedrock, Groq and Together AI, USD per 1M tokens",
  models: [
    // amazon bedrock, us-east-1 on-demand
    hosted("bedrock", "meta.llama3-3-70b-instruct-v1:0", {
      display_name: "Llama 3.3 70B Instruct (Bedrock)",
      family: "llama-3.3",
      context_window: 128000,
      prices: [price("2024-12-19", { input: "0.72", output: "0.72" }, BEDROCK)],
    }),
    hosted("bedrock", "meta.llama4-maverick-17b-instruct-v1:0", {
      display_name: "Llama 4 Maverick 17B Instruct (Bedrock)",
      family: "llama-4",
      prices: [price("2025-04-28", { input: "0.24", output: "0.97" }, BEDROCK, { batch: { multiplier: "0.5" } })],
    }),
    hosted("bedrock", "meta.llama4-scout-17b-instruct-v1:0", {
      display_name: "Llama 4 Scout 17B Instruct (Bedrock)",
      family: "llama-4",
      prices: [price("2025-04-28", { input: "0.17", output: "0.66" }, BEDROCK, { batch: { multiplier: "0.5" } })],
    }),
    hosted("bedrock", "meta.llama3-1-8b-instruct-v1:0", {
      display_name: "Llama 3.1 8B Instruct (Bedrock)",
      family: "llama-3.1",
      context_window: 128000,
      prices: [price("2024-07-23", { input: "0.22", output: "0.22" }, BEDROCK)],
    }),
    hosted("bedrock", "meta.llama3-2-3b-instruct-v1:0", {
      display_name: "Llama 3.2 3B Instruct (Bedrock)",
      family: "llama-3.2",
      context_window: 128000,
      prices: [price("2024-09-25", { input: "0.15", output: "0.15" }, BEDROCK)],
    }),
    hosted("bedrock", "meta.llama3-2-1b-instruct-v1:0", {
      display_name: "Llama 3.2 1B Instruct (Bedrock)",
      family: "llama-3.2",
      context_window: 128000,
      prices: [price("2024-09-25", { input: "0.10", output: "0.10" }, BEDROCK)],
    }),

    // groq
    hosted("groq", "groq/llama-3.3-70b-versatile", {
      display_name: "Llama 3.3 70B Versatile (Groq)",
      family: "llama-3.3",
      aliases: ["llama-3.3-70b-versatile"],
      context_window: 131072,
      max_output: 32768,
      prices: [price("2024-12-06", { input: "0.59", output: "0.79" }, GROQ, { note: LITELLM_ONLY })],
    }),
    hosted("groq", "groq/llama-3.1-8b-instant", {
      display_name: "Llama 3.1 8B Instant (Groq)",
      family: "llama-3.1",
      aliases: ["llama-3.1-8b-instant"],
      context_window: 131072,
      prices: [price("2024-07-23", { input: "0.05", output: "0.08" }, GROQ, { note: LITELLM_ONLY })],
    }),
    // the bare "meta-llama/…" names are shared with other hosts, so they are no aliases here
    hosted("groq", "groq/meta-llama/llama-4-scout-17b-16e-instruct", {
      display_name: "Llama 4 Scout 17B 16E Instruct (Groq)",
      family: "llama-4",
      context_window: 131072,
      prices: [price("2025-04-05", { input: "0.11", output: "0.34" }, GROQ, { note: LITELLM_ONLY })],
    }),
    hosted("groq", "groq/meta-llama/llama-4-maverick-17b-128e-instruct", {
      display_name: "Llama 4 Maverick 17B 128E Instruct (Groq)",
      family: "llama-4",
      context_window: 131072,
      prices: [price("2025-04-05", { input: "0.20", output: "0.60" }, GROQ, { note: LITELLM_ONLY })],
    }),

    // together ai serverless; other hosts (deepinfra) use the same bare "meta-llama/…" names, so no aliases
    hosted("together_ai", "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", {
      display_name: "Llama 3.3 70B Instruct Turbo (Together AI)",
      family: "llama-3.3",
      context_window: 131072,
      prices: [price("2024-12-06", { input: "0.88", output: "0.88" }, TOGETHER, { note: LITELLM_ONLY })],
    }),
    hosted("together_ai", "together_ai/meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", {
      display_name: "Llama 4 Maverick 17B 128E Instruct FP8 (Together AI)",
      family: "llama-4",
      prices: [price("2025-04-05", { input: "0.27", output: "0.85" }, TOGETHER, { note: LITELLM_ONLY })],
    }),
    hosted("together_ai", "together_ai/meta-llama/Llama-4-Scout-17B-16E-Instruct", {
      display_name: "Llama 4 Scout 17B 16E Instruct (Together AI)",
      family: "llama-4",
      prices: [price("2025-04-05", { input: "0.18", output: "0.59" }, TOGETHER, { note: LITELLM_ONLY })],
    }),
    hosted("together_ai", "together_ai/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", {
      display_name: "Llama 3.1 8B Instruct Turbo (Together AI)",
      family: "llama-3.1",
      context_window: 131072,
      prices: [price("2024-07-23", { input: "0.18", output: "0.18" }, TOGETHER, { note: LITELLM_ONLY })],
    }),
    hosted("together_ai", "together_ai/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", {
      display_name: "Llama 3.1 405B Instruct Turbo (Together AI)",
      family: "llama-3.1",
      context_window: 130815,
      prices: [price("2024-07-23", { input: "3.50", output: "3.50" }, TOGETHER, { note: LITELLM_ONLY })],
    }),
  ],
};
