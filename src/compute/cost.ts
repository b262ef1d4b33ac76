/**
 * `compute cost`: what a token costs to make on a deployment — its FLOPs and cache bytes, the
 * roofline (or measured) throughput, joules and USD per million tokens.
 */
import { matchCalibration } from "./calibration.js";
import { computeBoundBatch, decodeContext, workloadThroughput } from "./roofline.js";
import { flopsPerToken, kvBytesPerToken, maxBatch, weightBytes } from "./formulas.js";
import { memoryBytes } from "./deployment.js";
import { D, money, round3, usdPerMillion } from "./money.js";
import type { ComputeRequest } from "./request.js";

export interface CostReport {
  model: string;
  gpu: string;
  gpus: number;
  precision: string;
  batch: number;
  input_tokens: number;
  output_tokens: number;
  /** FLOPs of one output token at the average decode context (prompt + half the output) */
  flops_per_token: number;
  kv_bytes_per_token: number;
  weight_bytes: number;
  /** the largest batch memory holds at this context */
  max_batch: number;
  /** the smallest batch at which decode is compute-bound (null: never) */
  compute_bound_batch: number | null;
  prefill_tokens_per_second: number;
  decode_tokens_per_second: number;
  decode_bound: "compute" | "memory";
  /** the roofline's input + output tokens/s for this workload */
  roofline_tokens_per_second: number;
  /** input + output tokens/s the cost uses: the roofline's, a measurement's, or the flag's */
  tokens_per_second_used: number;
  watts: number;
  joules_per_token: number;
  usd_per_gpu_hour: string;
  usd_per_hour: string;
  utilization: string;
  /** per million input + output tokens of this workload */
  usd_per_million_tokens: string;
  /** where tokens_per_second_used came from: "roofline estimate", "calibration: <url>" or the flag */
  source: string;
  /** the matching measurement, with the roofline's error against it */
  calibration: { measured_output_tokens_per_second: number; roofline_error_pct: number; source: string } | null;
}

/**
 * @example computeCost(readRequest(params, cards)).usd_per_million_tokens // "0.412…"
 */
export function computeCost(r: ComputeRequest): CostReport {
  const d = r.deployment;
  const { model, gpu, gpus, precision } = d;
  const workload = { batch: r.batch, input_tokens: r.input_tokens, output_tokens: r.output_tokens };
  const context = r.input_tokens + r.output_tokens;
  const t = workloadThroughput(d, workload);
  const roofline = round3(t.tokens_per_second);

  let used = roofline;
  let source = "roofline estimate";
  let watts = gpu.watts * gpus;
  let calibration: CostReport["calibration"] = null;
  const row = r.calibrate
    ? matchCalibration({ model: model.id, gpu: gpu.id, gpus, precision, batch: r.batch_asked, input_len: r.input_tokens, output_len: r.output_tokens })
    : undefined;
  if (row) {
    // the row counts output tokens; the workload's tokens are input + output
    const measuredOutput = row.tokens_per_second;
    calibration = {
      measured_output_tokens_per_second: measuredOutput,
      roofline_error_pct: Math.round(((t.output_tokens_per_second - measuredOutput) / measuredOutput) * 1000) / 10,
      source: row.source,
    };
    if (r.tokens_per_second === undefined) {
      used = round3((measuredOutput * context) / r.output_tokens);
      source = `calibration: ${row.source}`;
      if (row.watts !== null) watts = row.watts;
    }
  }
  if (r.tokens_per_second !== undefined) {
    used = round3(r.tokens_per_second);
    source = `given: ${r.tokens_per_second_name}`;
  }

  return {
    model: model.id,
    gpu: gpu.id,
    gpus,
    precision,
    batch: r.batch,
    input_tokens: r.input_tokens,
    output_tokens: r.output_tokens,
    flops_per_token: Math.round(flopsPerToken(model, decodeContext(workload))),
    kv_bytes_per_token: kvBytesPerToken(model, precision),
    weight_bytes: weightBytes(model, precision),
    max_batch: maxBatch(model, precision, memoryBytes(d), context),
    compute_bound_batch: computeBoundBatch(d, decodeContext(workload)),
    prefill_tokens_per_second: round3(t.prefill.tokens_per_second),
    decode_tokens_per_second: round3(t.decode.tokens_per_second),
    decode_bound: t.decode.bound,
    roofline_tokens_per_second: roofline,
    tokens_per_second_used: used,
    watts,
    joules_per_token: round3(watts / used),
    usd_per_gpu_hour: r.usd_per_gpu_hour,
    usd_per_hour: new D(r.usd_per_gpu_hour).times(gpus).toString(),
    utilization: r.utilization,
    usd_per_million_tokens: money(usdPerMillion(r.usd_per_gpu_hour, gpus, used, r.utilization)),
    source,
    calibration,
  };
}
