/**
 * Tokenomics as a library: count, normalise and price LLM usage inside your own app.
 *
 * @example
 * import { builtinCatalog, priceWith, normalizeUsage } from "tokenomics";
 * const u = normalizeUsage("anthropic", response.usage);
 * const r = priceWith(builtinCatalog(), u, response.model, new Date().toISOString());
 * if (r.priced) console.log(r.total_usd, r.breakdown);
 */
export * from "./usage/usage.js";
export {
  normalizeUsage,
  normalizeUsageDetailed,
  normalizeDetected,
  detectUsageShape,
  applyConvention,
  USAGE_ADAPTERS,
  USAGE_PROVIDERS,
  type NormalizedUsage,
  type TokenConvention,
  type RawCounts,
  type UsageAdapter,
  type UsageProvider,
} from "./usage/normalize/index.js";
export * from "./pricing/index.js";
export * from "./tokens/index.js";
export * from "./planning/index.js";
export { seededRandom } from "./shared/random.js";
