import type { CatalogFile, ModelEntry, Rates } from "../catalog-schema.js";

const PRICING = "https://mistral.ai/pricing#api-pricing";
const retrieved = "2026-11-25";
// la plateforme's batch api bills half the standard rates
const batch = { multiplier: "0.5" };

/** one mistral model priced at the same rates since it appeared */
function model(id: string, from: string, rates: Rates, fields: Partial<Omit<ModelEntry, "id" | "prices" | "provider">> = {}, source = PRICING): ModelEntry {
  const mode = fields.mode ?? "chat";
  return {
    id,
    provider: "mistral",
    mode,
    ...fields,
    prices: [{ from, rates, ...(mode === "chat" ? { batch } : {}), source, retrieved }],
  };
}

export const catalog: CatalogFile = {
  catalog: "builtin:mistral",
  description: "Mistral La Plateforme list prices, USD per 1M tokens",
  models: [
    model(
      "mistral-large-2411",
      "2024-11-18",
      { input: "2", output: "6" },
      {
        display_name: "Mistral Large 24.11",
        family: "mistral-large",
        context_window: 131072,
        platform_ids: { openrouter: ["mistralai/mistral-large-2411"] },
      },
    ),
    model(
      "mistral-large-2512",
      "2025-12-02",
      { input: "0.5", output: "1.5" },
      { display_name: "Mistral Large 3", family: "mistral-large", aliases: ["mistral-large-3"], context_window: 262144 },
      "https://docs.mistral.ai/models/mistral-large-3-25-12",
    ),
    model(
      "mistral-medium-2505",
      "2025-05-07",
      { input: "0.4", output: "2" },
      {
        display_name: "Mistral Medium 3",
        family: "mistral-medium",
        context_window: 131072,
        platform_ids: { vertex: ["mistral-medium-3"], openrouter: ["mistralai/mistral-medium-3"] },
      },
    ),
    model(
      "mistral-medium-2508",
      "2025-08-12",
      { input: "0.4", output: "2" },
      {
        display_name: "Mistral Medium 3.1",
        family: "mistral-medium",
        context_window: 131072,
        platform_ids: { openrouter: ["mistralai/mistral-medium-3.1"] },
      },
    ),
    model(
      "mistral-medium-2604",
      "2026-04-29",
      { input: "1.5", output: "7.5" },
      {
        display_name: "Mistral Medium 3.5",
        family: "mistral-medium",
        aliases: ["mistral-medium-3.5", "mistral-medium-3-5"],
        context_window: 262144,
      },
    ),
    model(
      "mistral-small-2503",
      "2025-03-17",
      { input: "0.1", output: "0.3" },
      {
        display_name: "Mistral Small 3.1",
        family: "mistral-small",
        context_window: 131072,
      },
    ),
    // litellm has 0.06 / 0.18 here; copies of mistral's page seen show 0.1 / 0.3
    model(
      "mistral-small-2506",
      "2025-06-20",
      { input: "0.1", output: "0.3" },
      {
        display_name: "Mistral Small 3.2",
        family: "mistral-small",
        context_window: 131072,
      },
    ),
    // litellm still prices codestral-latest at codestral-2405's 1 / 3
    model(
      "codestral-2508",
      "2025-07-30",
      { input: "0.3", output: "0.9" },
      {
        display_name: "Codestral 25.08",
        family: "codestral",
        context_window: 256000,
        platform_ids: { openrouter: ["mistralai/codestral-2508"] },
      },
    ),
    model(
      "devstral-medium-2507",
      "2025-07-10",
      { input: "0.4", output: "2" },
      {
        display_name: "Devstral Medium",
        family: "devstral",
        context_window: 131072,
      },
    ),
    model(
      "devstral-small-2507",
      "2025-05-21",
      { input: "0.1", output: "0.3" },
      {
        display_name: "Devstral Small 1.1",
        family: "devstral",
        snapshots: ["devstral-small-2505"],
        context_window: 131072,
      },
    ),
    model(
      "ministral-8b-2410",
      "2024-10-16",
      { input: "0.1", output: "0.1" },
      {
        display_name: "Ministral 8B 24.10",
        family: "ministral",
        context_window: 131072,
      },
    ),
    model(
      "ministral-8b-2512",
      "2025-12-02",
      { input: "0.15", output: "0.15" },
      {
        display_name: "Ministral 3 8B",
        family: "ministral",
        aliases: ["ministral-3-8b-2512"],
        context_window: 262144,
      },
    ),
    model(
      "ministral-3b-2512",
      "2025-12-02",
      { input: "0.1", output: "0.1" },
      {
        display_name: "Ministral 3 3B",
        family: "ministral",
        aliases: ["ministral-3-3b-2512"],
        context_window: 131072,
      },
    ),
    model(
      "ministral-14b-2512",
      "2025-12-02",
      { input: "0.2", output: "0.2" },
      {
        display_name: "Ministral 3 14B",
        family: "ministral",
        aliases: ["ministral-3-14b-2512"],
        context_window: 262144,
      },
    ),
    model(
      "pixtral-large-2411",
      "2024-11-18",
      { input: "2", output: "6" },
      {
        display_name: "Pixtral Large",
        family: "pixtral",
        aliases: ["pixtral-large-latest", "mistral-large-pixtral-2411"],
        context_window: 131072,
      },
    ),
    model(
      "magistral-medium-2506",
      "2025-06-10",
      { input: "2", output: "5" },
      {
        display_name: "Magistral Medium 1.0",
        family: "magistral",
        context_window: 40000,
        platform_ids: { openrouter: ["mistralai/magistral-medium-2506"] },
      },
    ),
    model(
      "magistral-medium-2509",
      "2025-09-17",
      { input: "2", output: "5" },
      {
        display_name: "Magistral Medium 1.2",
        family: "magistral",
        aliases: ["magistral-medium-1-2-2509"],
        context_window: 131072,
      },
    ),
    model(
      "magistral-small-2506",
      "2025-06-10",
      { input: "0.5", output: "1.5" },
      {
        display_name: "Magistral Small 1.0",
        family: "magistral",
        context_window: 40000,
      },
    ),
    model(
      "magistral-small-2509",
      "2025-09-17",
      { input: "0.5", output: "1.5" },
      {
        display_name: "Magistral Small 1.2",
        family: "magistral",
        aliases: ["magistral-small-1-2-2509"],
        context_window: 131072,
      },
    ),
    model(
      "mistral-embed",
      "2023-12-11",
      { input: "0.1" },
      {
        mode: "embedding",
        display_name: "Mistral Embed",
        family: "mistral-embed",
        aliases: ["mistral-embed-2312"],
        context_window: 8192,
      },
    ),
    model(
      "codestral-embed-2505",
      "2025-05-28",
      { input: "0.15" },
      {
        mode: "embedding",
        display_name: "Codestral Embed",
        family: "codestral-embed",
        aliases: ["codestral-embed"],
        context_window: 8192,
      },
    ),
  ],
  // "-latest" names move to each new release
  aliases: [
    {
      alias: "mistral-large-latest",
      targets: [
        { from: "2024-11-18", model: "mistral-large-2411" },
        { from: "2025-12-02", model: "mistral-large-2512" },
      ],
    },
    {
      alias: "mistral-medium-latest",
      targets: [
        { from: "2025-05-07", model: "mistral-medium-2505" },
        { from: "2025-08-12", model: "mistral-medium-2508" },
        { from: "2026-04-29", model: "mistral-medium-2604" },
      ],
    },
    {
      alias: "mistral-small-latest",
      targets: [
        { from: "2025-03-17", model: "mistral-small-2503" },
        { from: "2025-06-20", model: "mistral-small-2506" },
      ],
    },
    { alias: "codestral-latest", targets: [{ from: "2025-07-30", model: "codestral-2508" }] },
    {
      alias: "ministral-8b-latest",
      targets: [
        { from: "2024-10-16", model: "ministral-8b-2410" },
        { from: "2025-12-02", model: "ministral-8b-2512" },
      ],
    },
    {
      alias: "magistral-medium-latest",
      targets: [
        { from: "2025-06-10", model: "magistral-medium-2506" },
        { from: "2025-09-17", model: "magistral-medium-2509" },
      ],
    },
    {
      alias: "magistral-small-latest",
      targets: [
        { from: "2025-06-10", model: "magistral-small-2506" },
        { from: "2025-09-17", model: "magistral-small-2509" },
      ],
    },
  ],
};
