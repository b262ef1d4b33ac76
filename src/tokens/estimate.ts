/**
 * Token counts for any model: exact for OpenAI, a calibrated estimate for everyone else.
 *
 * Providers without a tokenizer we can run offline are estimated as o200k_base count × a
 * per-family factor, with a relative error bound. The factors, bounds and their basis are data
 * (`TOKENIZER_FAMILIES`), and so is the mapping from provider/model id to family
 * (`MODEL_FAMILIES`). Where the basis says "judgment", nobody measured it: treat the bound as
 * the honest part of the number. Bounds are meant for English-like prose and code; other
 * scripts (Cyrillic, Arabic, Indic, CJK) vary far more between vocabularies and can fall
 * outside them.
 */
import { countChatWith, type ChatMessage, type ChatTokenCount, type ContentPart, type TextPart } from "./chat.js";
import { loadEncoding, type Counter, type EncodingName } from "./encodings.js";
import { encodingForModel } from "./models.js";
import type { ToolDefinition } from "./tools.js";

export interface TokenizerFamily {
  /** the exact encoding the estimate is computed from */
  baseEncoding: EncodingName;
  /** expected tokens per base-encoding token */
  factor: number;
  /** relative half-width of the range the true count is expected in (0.2 = ±20%) */
  errorBound: number;
  /** where the factor and bound come from */
  basis: string;
}

export const TOKENIZER_FAMILIES = {
  claude: {
    baseEncoding: "o200k_base",
    factor: 1.05,
    errorBound: 0.2,
    basis:
      "Claude 3 to 4.6 (and 2.x). Measured here: the legacy @anthropic-ai/tokenizer vocabulary gives 1.04x o200k on prose and 1.06x on code, but that vocabulary predates Claude 3 and Anthropic says it is no longer accurate for Claude 3+; Claude 3+ tokenizers are unpublished, so the bound is a judgment. Exact counts: Anthropic's count_tokens API.",
  },
  "claude-2026": {
    baseEncoding: "o200k_base",
    factor: 1.3,
    errorBound: 0.2,
    basis:
      "Claude Opus 4.7 and later. Anthropic's migration guide says the new tokenizer uses roughly 1.0-1.35x as many tokens as previous models, varying by content; independent count_tokens probes (Apr 2026) found ~1.45x on English prose, 1.15-1.3x on code and 1.0x on CJK. Applied to the 1.05x above: 1.05-1.54x o200k, centred at 1.3. Not measured here.",
  },
  gemini: {
    baseEncoding: "o200k_base",
    factor: 1.0,
    errorBound: 0.25,
    basis:
      "Google documents about 4 characters per token for Gemini. Measured here, characters/4 was 1.048x the o200k count on prose and 0.927x on code, so ~1.0x o200k; the bound allows for Gemini's own vocabulary differing more on other text. Exact counts: the Gemini countTokens API.",
  },
  mistral: {
    baseEncoding: "o200k_base",
    factor: 1.1,
    errorBound: 0.3,
    basis:
      "Judgment, not measured: Mistral publishes its tokenizers (mistral-common; Tekken, a ~131k-vocabulary tiktoken-style BPE, since Nemo) but none is bundled here; a smaller vocabulary than o200k's 200k suggests slightly more tokens, and older 32k SentencePiece models more still.",
  },
  llama: {
    baseEncoding: "o200k_base",
    factor: 1.0,
    errorBound: 0.15,
    basis:
      "Llama 3 and later. Llama 3's 128k vocabulary is cl100k_base's 100k tiktoken ranks plus 28k tokens, and cl100k counted 0.7-1.0% fewer tokens than o200k on the corpus measured here; the bound covers non-English text and Llama 4's different vocabulary (not measured).",
  },
  "llama-2": {
    baseEncoding: "o200k_base",
    factor: 1.25,
    errorBound: 0.3,
    basis: "Judgment, not measured: Llama 1/2 use a 32k SentencePiece vocabulary, which needs noticeably more tokens than o200k for the same text.",
  },
  deepseek: {
    baseEncoding: "o200k_base",
    factor: 1.1,
    errorBound: 0.3,
    basis:
      "Judgment, not measured: DeepSeek's docs give ~0.3 tokens per English character and ~0.6 per Chinese character (about 1.25x o200k on the prose measured here), but its ~128k byte-level BPE (offered as a demo download, not bundled) should sit near cl100k on English; centred between the two.",
  },
  grok: {
    baseEncoding: "o200k_base",
    factor: 1.1,
    errorBound: 0.3,
    basis: "Judgment, not measured: xAI does not publish current Grok tokenizers (its API has a tokenize-text endpoint for exact counts).",
  },
  cohere: {
    baseEncoding: "o200k_base",
    factor: 1.0,
    errorBound: 0.3,
    basis: "Judgment, not measured: Command models use a large multilingual BPE vocabulary published on Hugging Face, not bundled here.",
  },
  nova: {
    baseEncoding: "o200k_base",
    factor: 1.1,
    errorBound: 0.3,
    basis: "Judgment, not measured: Amazon does not publish the Nova tokenizer; Bedrock's CountTokens API gives exact counts.",
  },
  "openai-unrecognised": {
    baseEncoding: "o200k_base",
    factor: 1.0,
    errorBound: 0.05,
    basis: "An OpenAI model id this version does not map; every OpenAI text model since gpt-4o uses o200k_base, so it is assumed.",
  },
  unknown: {
    baseEncoding: "o200k_base",
    factor: 1.0,
    errorBound: 0.5,
    basis: "Nothing is known about this model's tokenizer: o200k count with a wide bound.",
  },
} as const satisfies Record<string, TokenizerFamily>;

export type FamilyId = keyof typeof TOKENIZER_FAMILIES;

export interface ModelFamilyRule {
  provider: string;
  /** tested against the normalised model id (see `normalizeModelId`) */
  pattern: RegExp;
  family: FamilyId;
}

// first match wins; ids may separate version digits with "-" (api) or "." (openrouter)
export const MODEL_FAMILIES: readonly ModelFamilyRule[] = [
  { provider: "anthropic", pattern: /^claude-(?:opus|sonnet|haiku)-(?:4[.-][7-9](?![0-9])|[5-9](?:[.-]|$)|[1-9][0-9])/, family: "claude-2026" },
  { provider: "anthropic", pattern: /^claude/, family: "claude" },
  { provider: "google", pattern: /^(?:gemini|gemma|learnlm)/, family: "gemini" },
  { provider: "mistral", pattern: /^(?:mistral|mixtral|codestral|ministral|magistral|devstral|pixtral|voxtral|open-mi)/, family: "mistral" },
  { provider: "meta", pattern: /^(?:meta-)?llama-?2(?:[^0-9]|$)/, family: "llama-2" },
  { provider: "meta", pattern: /^(?:meta-)?llama/, family: "llama" },
  { provider: "deepseek", pattern: /^deepseek/, family: "deepseek" },
  { provider: "xai", pattern: /^grok/, family: "grok" },
  { provider: "cohere", pattern: /^(?:command|c4ai|aya)/, family: "cohere" },
  { provider: "amazon", pattern: /^nova/, family: "nova" },
];

// a known maker whose model id we do not recognise is most likely one of its newer models
export const PROVIDER_DEFAULT_FAMILY: Readonly<Record<string, FamilyId>> = {
  anthropic: "claude-2026",
  google: "gemini",
  mistral: "mistral",
  meta: "llama",
  deepseek: "deepseek",
  xai: "grok",
  cohere: "cohere",
  amazon: "nova",
  openai: "openai-unrecognised",
};

// other spellings of the providers above
const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  claude: "anthropic",
  gemini: "google",
  "google-ai": "google",
  mistralai: "mistral",
  "meta-llama": "meta",
  "x-ai": "xai",
  grok: "xai",
  "amazon-nova": "amazon",
};

// services that serve other makers' models: their name says nothing about the tokenizer
const HOSTS: ReadonlySet<string> = new Set([
  "bedrock",
  "amazon-bedrock",
  "aws",
  "vertex",
  "vertex_ai",
  "vertex-ai",
  "azure",
  "azure-openai",
  "openrouter",
  "together",
  "together_ai",
  "fireworks",
  "groq",
  "cerebras",
  "deepinfra",
  "litellm",
]);

/**
 * A model id with route, region and vendor prefixes and version suffixes removed.
 * @example normalizeModelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0") // "claude-sonnet-4-5-20250929-v1:0"
 * @example normalizeModelId("claude-opus-4-1@20250805") // "claude-opus-4-1"
 */
export function normalizeModelId(modelId: string): string {
  let id = modelId.trim().toLowerCase();
  id = id.slice(id.lastIndexOf("/") + 1);
  id = id.replace(/^(?:(?:us|eu|apac|global|au|jp|ca|us-gov)\.)?(?:anthropic|amazon|meta|mistral|cohere|deepseek|openai|google|xai)\./, "");
  const at = id.indexOf("@");
  return at > 0 ? id.slice(0, at) : id;
}

function canonicalProvider(provider: string | undefined): string | undefined {
  if (provider === undefined) return undefined;
  const p = provider.trim().toLowerCase();
  if (HOSTS.has(p)) return undefined;
  return PROVIDER_ALIASES[p] ?? p;
}

/**
 * The tokenizer family of a non-OpenAI model (model id first; the provider breaks ties and
 * supplies a default for ids it does not recognise).
 * @example familyForModel("claude-opus-4-7") // "claude-2026"
 * @example familyForModel("anthropic/claude-3.5-sonnet", "openrouter") // "claude"
 */
export function familyForModel(modelId: string, provider?: string): FamilyId {
  const id = normalizeModelId(modelId);
  const maker = canonicalProvider(provider);
  const matches = MODEL_FAMILIES.filter((rule) => rule.pattern.test(id));
  const own = matches.find((rule) => rule.provider === maker) ?? matches[0];
  if (own !== undefined) return own.family;
  return (maker !== undefined ? PROVIDER_DEFAULT_FAMILY[maker] : undefined) ?? "unknown";
}

/**
 * Scales an exact base-encoding count by a family's factor and bound.
 * @example estimateFromBase(1000, "gemini") // { tokens: 1000, low: 750, high: 1250, errorBound: 0.25 }
 */
export function estimateFromBase(baseTokens: number, family: FamilyId) {
  const { factor, errorBound } = TOKENIZER_FAMILIES[family];
  const expected = baseTokens * factor;
  // floor/ceil so the range never rounds inward; the epsilon absorbs binary noise (1.05 * 100)
  return {
    tokens: Math.round(expected),
    low: Math.max(0, Math.floor(expected * (1 - errorBound) + 1e-9)),
    high: Math.max(0, Math.ceil(expected * (1 + errorBound) - 1e-9)),
    errorBound,
  };
}

export interface ModelTokenCount {
  tokens: number;
  /** true when `tokens` is the reference-exact count the provider bills */
  exact: boolean;
  encoding: EncodingName;
  errorBound?: number;
  low?: number;
  high?: number;
  /** how the number was obtained, in words */
  method: string;
  family?: FamilyId;
  /** the chat breakdown, when messages were counted for an OpenAI model */
  chat?: ChatTokenCount;
}

export interface CountForModelOptions {
  model: string;
  provider?: string;
  /** tool definitions sent with chat messages */
  tools?: readonly ToolDefinition[];
}

function messageText(counter: Counter, messages: readonly ChatMessage[]): number {
  let total = 0;
  for (const message of messages) {
    if (typeof message.name === "string") total += counter.count(message.name);
    const content = message.content;
    if (typeof content === "string") total += counter.count(content);
    else if (Array.isArray(content)) {
      for (const part of content as readonly ContentPart[]) {
        if (typeof (part as TextPart).text === "string") total += counter.count((part as TextPart).text);
      }
    }
  }
  return total;
}

function isOpenAI(provider: string | undefined): boolean {
  return provider === undefined || provider === "openai";
}

/**
 * Tokens of a text or chat messages for a model: exact for OpenAI models, else an estimate
 * with a range. For non-OpenAI chats only the message text is counted (their chat framing is
 * not public), and images are never estimated.
 * @example
 * await countForModel("hello world", { model: "gpt-4o" });
 * // { tokens: 2, exact: true, encoding: "o200k_base", method: "exact: o200k_base" }
 * await countForModel("hello world", { provider: "anthropic", model: "claude-sonnet-4-5" });
 * // { tokens: 2, exact: false, errorBound: 0.2, low: 1, high: 3, family: "claude", ... }
 */
export async function countForModel(input: string | readonly ChatMessage[], options: CountForModelOptions): Promise<ModelTokenCount> {
  const provider = canonicalProvider(options.provider);
  const openaiEncoding = isOpenAI(provider) ? encodingForModel(options.model) : undefined;
  if (openaiEncoding !== undefined) {
    const counter = await loadEncoding(openaiEncoding);
    if (typeof input === "string") {
      return { tokens: counter.count(input), exact: true, encoding: openaiEncoding, method: `exact: ${openaiEncoding}` };
    }
    const chat = countChatWith(counter, input, options.tools ? { model: options.model, tools: options.tools } : { model: options.model });
    const exact = chat.approximations.length === 0 && chat.uncounted.length === 0;
    return {
      tokens: chat.total,
      exact,
      encoding: openaiEncoding,
      method: `${exact ? "exact" : "approximate"}: ${openaiEncoding} with the cookbook's chat framing`,
      chat,
    };
  }
  const family = familyForModel(options.model, options.provider);
  const { baseEncoding } = TOKENIZER_FAMILIES[family];
  const counter = await loadEncoding(baseEncoding);
  let base = typeof input === "string" ? counter.count(input) : messageText(counter, input);
  let scope = typeof input === "string" ? "text" : "message text only, chat framing excluded";
  if (typeof input !== "string" && options.tools !== undefined && options.tools.length > 0) {
    // providers render tools their own way (and may add a tool-use system prompt): the json is a floor
    base += counter.count(JSON.stringify(options.tools));
    scope += "; tools as JSON, provider tool overhead excluded";
  }
  const factor = TOKENIZER_FAMILIES[family].factor;
  return {
    ...estimateFromBase(base, family),
    exact: false,
    encoding: baseEncoding,
    method: `estimate: ${baseEncoding} x ${factor} (${family}; ${scope})`,
    family,
  };
}
