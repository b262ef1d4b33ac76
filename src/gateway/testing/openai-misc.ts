import { failOpenAI } from "./errors.js";
import { CHARS_PER_TOKEN, headerInt, textChars } from "./tokens.js";
import { reportedUsage } from "./misbehave.js";
import { sendJson, type SimCall } from "./wire.js";

/** the embedding width when the request gives no `dimensions` */
export const DEFAULT_DIMENSIONS = 8;
/** the widest embedding sent, whatever `dimensions` asks */
export const MAX_DIMENSIONS = 4096;

/** the models GET /v1/models lists (any other name is accepted too) */
export const OPENAI_MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-5", "gpt-5-mini", "o3", "o4-mini", "text-embedding-3-small"];

function vector(seed: number, dimensions: number): number[] {
  const v = new Array<number>(dimensions);
  for (let j = 0; j < dimensions; j++) v[j] = (((seed + j * 7) % 19) - 9) / 16;
  return v;
}

/**
 * POST /v1/embeddings: one deterministic vector per input; prompt_tokens = ceil(C / 4) over all
 * inputs (no overhead). `encoding_format: "base64"` (what the openai SDK asks for by default)
 * gets little-endian float32 in base64.
 */
export function embeddings(call: SimCall): void {
  const body = call.body;
  const model = body["model"];
  const input = body["input"];
  if (typeof model !== "string" || model === "") {
    return failOpenAI(call, "bad-request", "you must provide a model parameter", "model");
  }
  if (input === undefined || input === "") {
    return failOpenAI(call, "bad-request", "'input' : input must be a string or an array", "input");
  }
  const inputs: unknown[] = Array.isArray(input) && input.some((x) => typeof x !== "number") ? input : [input];
  const asked = body["dimensions"];
  const dims = typeof asked === "number" && asked >= 1 ? Math.min(Math.floor(asked), MAX_DIMENSIONS) : DEFAULT_DIMENSIONS;
  const base64 = body["encoding_format"] === "base64";
  const data = inputs.map((x, index) => {
    const v = vector(textChars(x) + index, dims);
    const embedding = base64 ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
    return { object: "embedding", index, embedding };
  });
  const tokens = headerInt(call.headers, "x-sim-input-tokens") ?? Math.ceil(textChars(input) / CHARS_PER_TOKEN);
  const usage = { prompt_tokens: tokens, total_tokens: tokens };
  sendJson(call, 200, { "x-request-id": `req_${call.id}` }, { object: "list", data, model, usage: reportedUsage(call, usage) });
}

/** GET /v1/models */
export function models(call: SimCall): void {
  const data = OPENAI_MODELS.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "system" }));
  sendJson(call, 200, { "x-request-id": `req_${call.id}` }, { object: "list", data });
}
