/**
 * Which OpenAI encoding a model id uses.
 *
 * The table agrees with tiktoken's own model map (checked in models.test.ts) and extends it by
 * prefix to ids tiktoken does not list yet (gpt-5.x, dated snapshots, fine-tunes).
 */
import type { EncodingName } from "./encodings.js";

// first match wins, so longer families come before the prefixes they share ("gpt-4o" < "gpt-4")
const MODEL_ENCODINGS: readonly (readonly [RegExp, EncodingName])[] = [
  // every model since gpt-4o (o200k_harmony for gpt-oss only adds special tokens)
  [/^(?:gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|gpt-realtime|gpt-audio|gpt-image)/, "o200k_base"],
  [/^(?:o1|o3|o4)(?:-|$)/, "o200k_base"],
  [/^(?:codex-mini|computer-use-preview|omni-moderation|chatgpt-)/, "o200k_base"],
  // gpt-4 (incl. turbo, 32k, vision), gpt-3.5 and the cl100k embedding/base models
  [/^gpt-4(?:-|$)/, "cl100k_base"],
  [/^(?:gpt-3\.5-turbo|gpt-35-turbo)/, "cl100k_base"],
  [/^(?:text-embedding-3-|text-embedding-ada-002|davinci-002$|babbage-002$)/, "cl100k_base"],
  // codex and the second-generation instruct models
  [/^(?:text-davinci-00[23]|text-davinci-edit-|code-davinci-|code-cushman-|davinci-codex|cushman-codex)/, "p50k_base"],
  // gpt-3 base models, their first instruct and embedding variants, and gpt-2
  [/^(?:text-(?:davinci|curie|babbage|ada)-001|davinci$|curie$|babbage$|ada$|gpt-?2$)/, "r50k_base"],
  [/^(?:text-similarity-|text-search-|code-search-)/, "r50k_base"],
];

/**
 * The bare OpenAI model id: lowercase, without an "openai/" route prefix or fine-tune wrapper.
 * @example normalizeOpenAIModel("ft:gpt-4o-mini-2024-07-18:acme::abc123") // "gpt-4o-mini-2024-07-18"
 */
export function normalizeOpenAIModel(modelId: string): string {
  let id = modelId.trim().toLowerCase();
  if (id.startsWith("openai/")) id = id.slice("openai/".length);
  // fine-tunes are "ft:<base model>:<org>:<suffix>:<id>"
  if (id.startsWith("ft:")) id = id.slice(3).split(":")[0] ?? id;
  return id;
}

/**
 * The encoding an OpenAI model tokenizes with, or undefined for ids that are not OpenAI's.
 * @example
 * encodingForModel("gpt-4o-mini"); // "o200k_base"
 * encodingForModel("gpt-3.5-turbo-0125"); // "cl100k_base"
 * encodingForModel("claude-sonnet-4-5"); // undefined
 */
export function encodingForModel(modelId: string): EncodingName | undefined {
  const id = normalizeOpenAIModel(modelId);
  for (const [pattern, encoding] of MODEL_ENCODINGS) if (pattern.test(id)) return encoding;
  return undefined;
}
