/**
 * OpenAI's tile rule for image input tokens, for the models where it is known to hold.
 *
 * The rule (OpenAI vision guide, "Calculating costs"): detail "low" costs a fixed base; detail
 * "high" scales the image to fit 2048x2048, then its shortest side to 768 px (both only ever
 * shrink), and adds a per-tile cost for each 512 px tile needed to cover it. Billing reports
 * (community.openai.com, 2025) confirm the constants below and that scaled sides are rounded
 * to whole pixels (2050x513 bills one tile row, 2049x513 two). Newer models bill by 32 px
 * patches with per-model multipliers, or with constants reports disagree on; those images
 * are left uncounted rather than guessed.
 */
import { normalizeOpenAIModel } from "./models.js";

export type ImageDetail = "low" | "high" | "auto";

/** what is known about one image: the API's detail setting and, if known, its pixel size */
export interface ImageSpec {
  detail?: ImageDetail | undefined;
  width?: number | undefined;
  height?: number | undefined;
}

/** tokens, or the reason they cannot be counted */
export type ImageTokens = { tokens: number } | { tokens: undefined; reason: string };

interface TileRule {
  base: number;
  tile: number;
}

// first match wins: "gpt-4o-mini" must precede "gpt-4o"
const TILE_RULES: readonly (readonly [RegExp, TileRule])[] = [
  [/^gpt-4o-mini/, { base: 2833, tile: 5667 }],
  [/^(?:gpt-4o|chatgpt-4o|gpt-4\.5|gpt-4-turbo|gpt-4-vision|gpt-4\.1(?!-mini|-nano))/, { base: 85, tile: 170 }],
];

function scale(width: number, height: number, factor: number): [number, number] {
  return [Math.round(width * factor), Math.round(height * factor)];
}

/**
 * Input tokens for one image sent to an OpenAI model.
 * @example
 * openAIImageTokens("gpt-4o", { detail: "high", width: 1024, height: 1024 }); // { tokens: 765 }
 * openAIImageTokens("gpt-4o", { detail: "low" }); // { tokens: 85 }
 * openAIImageTokens("gpt-5", { detail: "low" }); // { tokens: undefined, reason: "..." }
 */
export function openAIImageTokens(modelId: string, image: ImageSpec): ImageTokens {
  const id = normalizeOpenAIModel(modelId);
  const rule = TILE_RULES.find(([pattern]) => pattern.test(id))?.[1];
  if (rule === undefined) return { tokens: undefined, reason: `no verified image token rule for ${modelId}` };
  const detail = image.detail ?? "auto";
  if (detail === "low") return { tokens: rule.base };
  if (detail !== "high") return { tokens: undefined, reason: 'detail "auto": the API chooses low or high' };
  const { width, height } = image;
  if (!(typeof width === "number" && width > 0 && typeof height === "number" && height > 0)) {
    return { tokens: undefined, reason: "high detail needs the image's width and height" };
  }
  let [w, h] = [width, height];
  if (Math.max(w, h) > 2048) [w, h] = scale(w, h, 2048 / Math.max(w, h));
  if (Math.min(w, h) > 768) [w, h] = scale(w, h, 768 / Math.min(w, h));
  const tiles = Math.ceil(w / 512) * Math.ceil(h / 512);
  return { tokens: rule.base + rule.tile * tiles };
}
