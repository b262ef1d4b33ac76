import type { CatalogFile, PriceVersion } from "../catalog-schema.js";

const PRICING = "https://api-docs.deepseek.com/quick_start/pricing";
const PRICING_2025_02 = "https://api-docs.deepseek.com/quick_start/pricing-details-usd";
const retrieved = "2026-11-25";

// dates are the utc day a price took effect; the hour, where published, is in the note
const offPeak2025 = { off_peak: { rates: { input: "0.135", cached_input: "0.035", output: "0.550" } } };
// from 2026-08-16 the listed rates are peak rates; off-peak is half of them
const offPeakHalf = { off_peak: { multiplier: "0.5" } };
const PEAK_NOTE = "peak rates; off-peak (all hours but 01:00-04:00 and 06:00-10:00 utc) is half: price with tier off_peak";

/** deepseek-chat and deepseek-reasoner share every price from v3.1 on */
const sharedFromV31: PriceVersion[] = [
  {
    from: "2025-09-05",
    rates: { input: "0.56", cached_input: "0.07", output: "1.68" },
    source: PRICING,
    retrieved,
    note: "deepseek-v3.1; from 16:00 utc, night discount cancelled",
  },
  {
    from: "2025-09-29",
    rates: { input: "0.28", cached_input: "0.028", output: "0.42" },
    source: PRICING,
    retrieved,
    note: "deepseek-v3.2-exp price cut, kept for v3.2",
  },
  {
    from: "2026-04-24",
    rates: { input: "0.14", cached_input: "0.028", output: "0.28" },
    source: PRICING,
    retrieved,
    note: "served by deepseek-v4-flash and billed at its price",
  },
  {
    from: "2026-04-26",
    rates: { input: "0.14", cached_input: "0.0028", output: "0.28" },
    source: PRICING,
    retrieved,
    note: "cache-hit price cut to a tenth",
  },
];

export const catalog: CatalogFile = {
  catalog: "builtin:deepseek",
  description: "DeepSeek API list prices, USD per 1M tokens",
  models: [
    {
      id: "deepseek-chat",
      provider: "deepseek",
      mode: "chat",
      display_name: "DeepSeek Chat",
      family: "deepseek-v3",
      context_window: 131072,
      max_output: 8192,
      // retired 2026-07-24 15:59 utc
      deprecated: "2026-07-24",
      prices: [
        {
          from: "2025-02-08",
          rates: { input: "0.27", cached_input: "0.07", output: "1.10" },
          source: PRICING_2025_02,
          retrieved,
          note: "deepseek-v3 list price once the launch promotion ended (16:00 utc); promotional prices are not listed",
        },
        {
          from: "2025-02-26",
          rates: { input: "0.27", cached_input: "0.07", output: "1.10" },
          service_tiers: offPeak2025,
          source: PRICING,
          retrieved,
          note: "off-peak discount 16:30-00:30 utc daily: price with tier off_peak",
        },
        ...sharedFromV31,
      ],
    },
    {
      id: "deepseek-reasoner",
      provider: "deepseek",
      mode: "chat",
      display_name: "DeepSeek Reasoner",
      family: "deepseek-r1",
      context_window: 131072,
      max_output: 65536,
      deprecated: "2026-07-24",
      prices: [
        {
          from: "2025-01-20",
          rates: { input: "0.55", cached_input: "0.14", output: "2.19" },
          source: PRICING_2025_02,
          retrieved,
          note: "deepseek-r1; reasoning tokens are billed as output",
        },
        {
          from: "2025-02-26",
          rates: { input: "0.55", cached_input: "0.14", output: "2.19" },
          service_tiers: offPeak2025,
          source: PRICING,
          retrieved,
          note: "off-peak discount 16:30-00:30 utc daily: price with tier off_peak",
        },
        ...sharedFromV31,
      ],
    },
    {
      id: "deepseek-v4-flash",
      provider: "deepseek",
      mode: "chat",
      display_name: "DeepSeek V4 Flash",
      family: "deepseek-v4",
      snapshots: ["deepseek-v4-flash-vision-exp"],
      context_window: 1048576,
      max_output: 393216,
      prices: [
        {
          from: "2026-04-24",
          rates: { input: "0.14", cached_input: "0.028", output: "0.28" },
          source: PRICING,
          retrieved,
          note: "v4 preview launch price",
        },
        {
          from: "2026-04-26",
          rates: { input: "0.14", cached_input: "0.0028", output: "0.28" },
          source: PRICING,
          retrieved,
          note: "cache-hit price cut to a tenth",
        },
        {
          from: "2026-08-16",
          rates: { input: "0.44", cached_input: "0.014", output: "1.32" },
          service_tiers: offPeakHalf,
          source: PRICING,
          retrieved,
          note: `from 16:00 utc; ${PEAK_NOTE}`,
        },
        {
          from: "2026-09-10",
          rates: { input: "0.30", cached_input: "0.006", output: "1.20" },
          service_tiers: offPeakHalf,
          source: PRICING,
          retrieved,
          note: `model retired: served by deepseek-flash (v4.1) and billed at its price; ${PEAK_NOTE}`,
        },
      ],
    },
    {
      id: "deepseek-v4-pro",
      provider: "deepseek",
      mode: "chat",
      display_name: "DeepSeek V4 Pro",
      family: "deepseek-v4",
      context_window: 1048576,
      max_output: 393216,
      prices: [
        {
          from: "2026-04-24",
          rates: { input: "1.74", cached_input: "0.145", output: "3.48" },
          source: PRICING,
          retrieved,
          note: "v4 preview launch price",
        },
        {
          from: "2026-04-26",
          rates: { input: "0.435", cached_input: "0.003625", output: "0.87" },
          source: PRICING,
          retrieved,
          note: "75% off list (1.74 / 0.0145 / 3.48), made permanent 2026-05-22",
        },
        {
          from: "2026-08-16",
          rates: { input: "1.32", cached_input: "0.044", output: "3.96" },
          service_tiers: offPeakHalf,
          source: PRICING,
          retrieved,
          note: `from 16:00 utc; ${PEAK_NOTE}`,
        },
      ],
    },
    {
      id: "deepseek-flash",
      provider: "deepseek",
      mode: "chat",
      display_name: "DeepSeek V4.1 Flash",
      family: "deepseek-v4",
      context_window: 1048576,
      max_output: 393216,
      prices: [
        {
          from: "2026-09-10",
          rates: { input: "0.30", cached_input: "0.006", output: "1.20" },
          service_tiers: offPeakHalf,
          source: PRICING,
          retrieved,
          note: `deepseek-v4.1-flash, from 04:00 utc; ${PEAK_NOTE}`,
        },
      ],
    },
  ],
};
