/**
 * How many tokens the same text takes in another model's tokenizer, as a factor per o200k_base
 * token, with its basis. OpenAI's encodings are measured exactly here on the shipped corpus
 * (English prose, code and JSON of `src/tokens/corpus.fixture.ts`); other families take the
 * estimate factors of `TOKENIZER_FAMILIES`.
 */
import Big from "big.js";
import type { EncodingName } from "../tokens/encodings.js";
import { familyForModel, TOKENIZER_FAMILIES } from "../tokens/estimate.js";
import { encodingForModel } from "../tokens/models.js";

export interface TokenizerFactor {
  /** an OpenAI encoding name or a tokenizer family id */
  tokenizer: string;
  /** expected tokens per o200k_base token, as a decimal string */
  per_o200k: string;
  /** measured exactly on a corpus here (true), or an estimate */
  measured: boolean;
  basis: string;
}

/** the corpus the measured factors were counted on: its o200k and other-encoding totals */
export interface MeasuredFactor extends TokenizerFactor {
  measured: true;
  counts: { o200k_base: number; encoding: number };
}

const CORPUS = "the English prose (PROSE[0..1]), CODE and JSON_TEXT samples of src/tokens/corpus.fixture.ts";

/** OpenAI encodings, measured: token totals on the corpus, and their ratio rounded to 4 places */
export const ENCODING_FACTORS: Readonly<Record<EncodingName, MeasuredFactor>> = {
  o200k_base: { tokenizer: "o200k_base", per_o200k: "1", measured: true, counts: { o200k_base: 306, encoding: 306 }, basis: "the reference" },
  cl100k_base: {
    tokenizer: "cl100k_base",
    per_o200k: "1.0098",
    measured: true,
    counts: { o200k_base: 306, encoding: 309 },
    basis: `309 cl100k_base vs 306 o200k_base tokens on ${CORPUS}; on the non-Latin prose of the same file cl100k needs 1.85x (288 vs 156), so text in other scripts moves more`,
  },
  p50k_base: {
    tokenizer: "p50k_base",
    per_o200k: "1.1993",
    measured: true,
    counts: { o200k_base: 306, encoding: 367 },
    basis: `367 p50k_base vs 306 o200k_base tokens on ${CORPUS}`,
  },
  r50k_base: {
    tokenizer: "r50k_base",
    per_o200k: "1.2778",
    measured: true,
    counts: { o200k_base: 306, encoding: 391 },
    basis: `391 r50k_base vs 306 o200k_base tokens on ${CORPUS}`,
  },
};

/**
 * The tokenizer a model counts with: the exact OpenAI encoding for OpenAI models, else its
 * family's estimate factor.
 * @example tokenizerOf("gpt-4", "openai").tokenizer // "cl100k_base"
 * @example tokenizerOf("claude-sonnet-4-5", "anthropic").per_o200k // "1.05"
 */
export function tokenizerOf(modelId: string, provider: string): TokenizerFactor {
  const encoding = provider.toLowerCase() === "openai" ? encodingForModel(modelId) : undefined;
  if (encoding !== undefined) return ENCODING_FACTORS[encoding];
  const family = familyForModel(modelId, provider);
  const f = TOKENIZER_FAMILIES[family];
  return { tokenizer: family, per_o200k: String(f.factor), measured: false, basis: f.basis };
}

/**
 * Tokens of the same text in the target tokenizer: n × target ÷ source, rounded half-up.
 * @example convertTokens(1000, "1", "1.05") // 1050
 */
export function convertTokens(n: number, sourcePerO200k: string, targetPerO200k: string): number {
  if (n === 0 || sourcePerO200k === targetPerO200k) return n;
  return Number(new Big(n).times(targetPerO200k).div(sourcePerO200k).round(0, Big.roundHalfUp).toFixed(0));
}
