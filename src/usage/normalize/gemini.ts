/**
 * Gemini `usageMetadata` → `Usage`.
 *
 * `promptTokenCount` includes `cachedContentTokenCount`. `toolUsePromptTokenCount` (results of
 * built-in tools such as Search grounding, fed back to the model) is input but sits outside
 * `promptTokenCount`. `candidatesTokenCount` excludes `thoughtsTokenCount`: thoughts are
 * reported apart and billed as output. Google defines
 * totalTokenCount = prompt + candidates + toolUsePrompt + thoughts.
 * Audio is read from the per-modality details (`AUDIO` entries).
 */
import type { Usage } from "../usage.js";
import { applyConvention, rawCounts, type RawCounts, type TokenConvention, type UsageAdapter } from "./convention.js";
import { asCount, asObject, fieldPath, readArray, readCount, readObject, readOptionalCount } from "./read.js";
import { isRecord, type JsonObject } from "../../shared/json.js";

export const convention: TokenConvention = {
  name: "gemini-generate-content",
  inputIncludesCacheRead: true,
  // gemini reports no cache writes on a generate call (explicit caches are created separately)
  inputIncludesCacheWrite: false,
  inputIncludesAudio: true,
  outputIncludesReasoning: false,
  outputIncludesAudio: true,
};

/**
 * Sums the `tokenCount` of one modality in a `ModalityTokenCount[]` list.
 *
 * @example
 * modalityTokens({ promptTokensDetails: [{ modality: "AUDIO", tokenCount: 7 }] }, "promptTokensDetails", "AUDIO", "usageMetadata");
 * // => 7
 */
export function modalityTokens(meta: JsonObject, key: string, modality: string, parent: string): number {
  const list = readArray(meta, key, parent) ?? [];
  let sum = 0;
  list.forEach((entry, i) => {
    const path = `${fieldPath(parent, key)}[${i}]`;
    const item = asObject(entry, path);
    if (item["modality"] !== modality) return;
    sum += asCount(item["tokenCount"] ?? 0, `${path}.tokenCount`);
  });
  return sum;
}

/** grounding search queries across candidates (each may be billed as a search) */
function countSearchQueries(body: JsonObject | undefined): number {
  const candidates = readArray(body, "candidates", "") ?? [];
  return candidates.reduce<number>((n, candidate, i) => {
    if (!isRecord(candidate)) return n;
    const grounding = readObject(candidate, "groundingMetadata", `candidates[${i}]`);
    return n + (readArray(grounding, "webSearchQueries", `candidates[${i}].groundingMetadata`)?.length ?? 0);
  }, 0);
}

/**
 * Reads the raw numbers from a `usageMetadata` object or a whole GenerateContentResponse.
 *
 * @example
 * extractGeminiCounts({ usageMetadata: { promptTokenCount: 34, candidatesTokenCount: 418, thoughtsTokenCount: 438 } });
 * // => { input: 34, output: 418, reasoning: 438, requests: 1, ...zeros }
 */
export function extractGeminiCounts(obj: unknown): RawCounts {
  const root = asObject(obj, "usageMetadata");
  const body = "usageMetadata" in root ? root : undefined;
  const meta = body ? asObject(body["usageMetadata"], "usageMetadata") : root;
  const at = "usageMetadata";
  // cached audio stays in cached_input; only the uncached audio is split out
  const audioInput = Math.max(0, modalityTokens(meta, "promptTokensDetails", "AUDIO", at) - modalityTokens(meta, "cacheTokensDetails", "AUDIO", at));
  return rawCounts({
    // tool-use prompt tokens are input too, reported beside the prompt rather than inside it
    input: readCount(meta, "promptTokenCount", at) + readCount(meta, "toolUsePromptTokenCount", at),
    cacheRead: readCount(meta, "cachedContentTokenCount", at),
    audioInput,
    output: readCount(meta, "candidatesTokenCount", at),
    reasoning: readCount(meta, "thoughtsTokenCount", at),
    audioOutput: modalityTokens(meta, "candidatesTokensDetails", "AUDIO", at),
    webSearches: countSearchQueries(body),
    // one usage object describes one billed call
    requests: 1,
    reportedTotal: readOptionalCount(meta, "totalTokenCount", at),
  });
}

/**
 * Normalises a Gemini `usageMetadata` (or whole GenerateContentResponse) into disjoint classes.
 *
 * @throws Error naming the field path when a field has the wrong type
 * @example
 * normalizeGeminiUsage({ promptTokenCount: 34, candidatesTokenCount: 418, totalTokenCount: 890, thoughtsTokenCount: 438 });
 * // => { input: 34, output: 418, reasoning: 438, requests: 1, ...zeros }
 */
export function normalizeGeminiUsage(obj: unknown): Usage {
  return applyConvention(extractGeminiCounts(obj), convention);
}

export const geminiAdapter: UsageAdapter = { convention, extract: extractGeminiCounts };
