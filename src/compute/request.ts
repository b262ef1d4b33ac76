/**
 * One calculation's inputs, read and checked: the deployment (model × GPUs × precision), its
 * workload, the price and utilisation. Shared by `compute cost`, `breakeven` and `price`, and by
 * their HTTP routes, so both interfaces accept and refuse the same values.
 */
import type { CardSet } from "./card-set.js";
import { PRECISIONS, type Precision } from "./cards.js";
import type { Deployment } from "./deployment.js";
import { maxBatch, weightBytes } from "./formulas.js";
import { memoryBytes } from "./deployment.js";
import type { Params } from "./params.js";

export const DEFAULTS = { gpus: 1, precision: "bf16" as Precision, context: 2048, input_share: "0.75", utilization: "1" };

export interface ComputeRequest {
  deployment: Deployment;
  /** the batch asked for: a number, or "max" (the largest that memory holds) */
  batch_asked: number | "max";
  /** the batch used */
  batch: number;
  input_tokens: number;
  output_tokens: number;
  /** input tokens ÷ all tokens, a decimal string */
  input_share: string;
  usd_per_gpu_hour: string;
  /** a decimal string in (0, 1] */
  utilization: string;
  /** a measured whole-deployment throughput (input + output tokens/s) replacing the estimate */
  tokens_per_second?: number;
  /** use a matching published measurement instead of the roofline */
  calibrate: boolean;
  /** the interface's name of the `tokens_per_second` parameter, for `source` */
  tokens_per_second_name: string;
}

/**
 * Read a request; every refusal is an InputError naming the parameter.
 * @example readRequest(new Params({ model: "llama-3.1-8b", gpu: "h100-sxm" }, cliName), cards)
 */
export function readRequest(p: Params, cards: CardSet): ComputeRequest {
  const model = cards.model(p.required("model"), p.name("model"));
  const gpu = cards.gpu(p.required("gpu"), p.name("gpu"));
  const gpus = p.integer("gpus", 1, 4096) ?? DEFAULTS.gpus;
  const precision = p.choice("precision", PRECISIONS) ?? DEFAULTS.precision;
  if (gpu.tflops[precision] === undefined) {
    throw p.fail("precision", `${gpu.id} has no ${precision} peak (it has ${Object.keys(gpu.tflops).join(", ")})`);
  }
  const deployment: Deployment = { model, gpu, gpus, precision };

  const { input_tokens, output_tokens } = readLengths(p);
  const context = input_tokens + output_tokens;
  if (context > model.max_context)
    throw p.fail(p.has("context") ? "context" : "input_tokens", `${model.id} takes at most ${model.max_context} tokens, asked ${context}`);

  const memory = memoryBytes(deployment);
  const weights = weightBytes(model, precision);
  if (weights >= memory) {
    throw p.fail(
      "gpus",
      `${model.id} in ${precision} needs ${gb(weights)} GB for its weights; ${gpus} × ${gpu.id} hold ${gb(memory)} GB (give more --gpus or a smaller --precision)`
        .replaceAll("--gpus", p.name("gpus"))
        .replaceAll("--precision", p.name("precision")),
    );
  }
  const fits = maxBatch(model, precision, memory, context);
  if (fits < 1) throw p.fail("context", `${gpus} × ${gpu.id} hold ${model.id}'s weights but not the KV cache of one ${context}-token sequence`);
  const asked = p.string("batch")?.toLowerCase() === "max" ? "max" : (p.integer("batch", 1) ?? "max");
  if (asked !== "max" && asked > fits) {
    throw p.fail("batch", `${asked} sequences of ${context} tokens do not fit: ${gpus} × ${gpu.id} hold at most ${fits} beside ${model.id}'s weights`);
  }

  const usd = p.decimal("gpu_price", "a price in USD per GPU-hour, like 2.99") ?? gpu.usd_per_hour;
  const utilization = p.decimal("utilization", "a fraction above 0 and at most 1, like 0.6", (x) => x > 0 && x <= 1) ?? DEFAULTS.utilization;
  const tpsText = p.decimal("tokens_per_second", "tokens per second of the whole deployment, at least 0.001", (x) => x >= 0.001);
  const tps = tpsText === undefined ? undefined : Number(tpsText);
  const calibrate = p.string("calibration") !== "false";
  return {
    deployment,
    batch_asked: asked,
    batch: asked === "max" ? fits : asked,
    input_tokens,
    output_tokens,
    input_share: shareOf(input_tokens, context),
    usd_per_gpu_hour: usd,
    utilization,
    ...(tps !== undefined ? { tokens_per_second: tps } : {}),
    calibrate,
    tokens_per_second_name: p.name("tokens_per_second"),
  };
}

/** --input-tokens and --output-tokens, or --context split by --input-share */
function readLengths(p: Params): { input_tokens: number; output_tokens: number } {
  const input = p.integer("input_tokens", 1);
  const output = p.integer("output_tokens", 1);
  if (input !== undefined || output !== undefined) {
    if (input === undefined || output === undefined) throw p.fail(input === undefined ? "input_tokens" : "output_tokens", "give both input and output tokens");
    if (p.has("context") || p.has("input_share"))
      throw p.fail("context", `give ${p.name("context")}/${p.name("input_share")} or input/output tokens, not both`);
    return { input_tokens: input, output_tokens: output };
  }
  const context = p.integer("context", 2) ?? DEFAULTS.context;
  const share = Number(p.decimal("input_share", "a fraction above 0 and below 1, like 0.75", (x) => x > 0 && x < 1) ?? DEFAULTS.input_share);
  const input_tokens = Math.min(context - 1, Math.max(1, Math.round(share * context)));
  return { input_tokens, output_tokens: context - input_tokens };
}

/** the input share as a short decimal (6 places) */
function shareOf(input: number, total: number): string {
  return String(Math.round((input / total) * 1e6) / 1e6);
}

const gb = (bytes: number): string => String(Math.round(bytes / 1e8) / 10);
