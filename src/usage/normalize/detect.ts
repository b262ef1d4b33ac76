/**
 * Guessing which provider shape a usage object has, from the keys present.
 *
 * The rules are data (key lists checked in order); a guess is only a guess, so callers that
 * know the provider should name it instead.
 */
import { isOtelGenAIAttributes } from "./otel-genai.js";
import { isRecord, type JsonObject } from "../../shared/json.js";

/** the usage shapes `normalizeUsage` understands */
export const USAGE_PROVIDERS = ["openai", "openai-responses", "anthropic", "gemini", "otel"] as const;
export type UsageProvider = (typeof USAGE_PROVIDERS)[number];

/** one detection rule: the shape, if any listed key is present (and none of `unless`) */
interface ShapeRule {
  provider: UsageProvider;
  anyOf: readonly string[];
  unless?: readonly string[];
}

// order matters: the first rule that matches wins
const USAGE_RULES: readonly ShapeRule[] = [
  { provider: "gemini", anyOf: ["promptTokenCount", "candidatesTokenCount", "totalTokenCount", "cachedContentTokenCount", "thoughtsTokenCount"] },
  { provider: "openai", anyOf: ["prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details"] },
  // responses usage always carries the *_details objects, and a total anthropic never reports
  { provider: "openai-responses", anyOf: ["input_tokens_details", "output_tokens_details", "total_tokens"] },
  { provider: "anthropic", anyOf: ["cache_creation_input_tokens", "cache_read_input_tokens", "cache_creation", "server_tool_use"] },
  { provider: "anthropic", anyOf: ["input_tokens", "output_tokens"], unless: ["input_tokens_details", "output_tokens_details"] },
];

/** body-level markers that name the shape outright */
const BODY_MARKERS: ReadonlyArray<{ key: string; value: string; provider: UsageProvider }> = [
  { key: "object", value: "chat.completion", provider: "openai" },
  { key: "object", value: "chat.completion.chunk", provider: "openai" },
  { key: "object", value: "response", provider: "openai-responses" },
  { key: "type", value: "message", provider: "anthropic" },
  { key: "type", value: "message_start", provider: "anthropic" },
  { key: "type", value: "message_delta", provider: "anthropic" },
];

function matchRules(u: JsonObject): UsageProvider | undefined {
  const has = (key: string): boolean => key in u;
  return USAGE_RULES.find((rule) => rule.anyOf.some(has) && !(rule.unless ?? []).some(has))?.provider;
}

/**
 * Guesses the provider shape of a usage object, response body, stream event or span attributes.
 *
 * @returns the shape, or `undefined` when nothing recognisable is present
 * @example
 * detectUsageShape({ prompt_tokens: 9, completion_tokens: 12 });                  // "openai"
 * detectUsageShape({ input_tokens: 75, output_tokens: 1186, input_tokens_details: { cached_tokens: 0 } }); // "openai-responses"
 * detectUsageShape({ input_tokens: 50, cache_read_input_tokens: 100000 });       // "anthropic"
 * detectUsageShape({ usageMetadata: { promptTokenCount: 34 } });                 // "gemini"
 * detectUsageShape({ "gen_ai.usage.input_tokens": 100 });                        // "otel"
 */
export function detectUsageShape(obj: unknown): UsageProvider | undefined {
  if (isOtelGenAIAttributes(obj)) return "otel";
  if (!isRecord(obj)) return undefined;
  if ("usageMetadata" in obj) return "gemini";
  for (const marker of BODY_MARKERS) {
    if (obj[marker.key] === marker.value) return marker.provider;
  }
  // a streamed responses event wraps the body in `response`
  if (typeof obj["type"] === "string" && obj["type"].startsWith("response.") && isRecord(obj["response"])) {
    return "openai-responses";
  }
  if (isRecord(obj["usage"])) return matchRules(obj["usage"]);
  return matchRules(obj);
}
