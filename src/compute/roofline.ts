/**
 * Roofline throughput: a step takes the longer of its math at peak FLOPS and its memory traffic
 * at peak bandwidth. An upper bound: real kernels reach a fraction of both (see the calibration).
 */
import { type Deployment, type Workload, bandwidth, peakFlops } from "./deployment.js";
import { flopsPerToken, kvBytesPerToken, weightBytes, weightBytesReadPerStep } from "./formulas.js";

export type Bound = "compute" | "memory";

export interface Step {
  seconds: number;
  tokens_per_second: number;
  bound: Bound;
}

/**
 * Prefill of `batch` prompts of `input` tokens: FLOPs batch × input × flopsPerToken(input / 2)
 * (a prompt token attends on average to half the prompt), bytes the weights plus the KV written.
 */
export function prefill(d: Deployment, batch: number, input: number): Step {
  const tokens = batch * input;
  const compute = (tokens * flopsPerToken(d.model, input / 2)) / peakFlops(d);
  const memory = (weightBytes(d.model, d.precision) + tokens * kvBytesPerToken(d.model, d.precision)) / bandwidth(d);
  const seconds = Math.max(compute, memory);
  return { seconds, tokens_per_second: tokens / seconds, bound: compute >= memory ? "compute" : "memory" };
}

/**
 * One decode step: every sequence of the batch emits a token attending to `context` cached ones.
 * Compute batch × flopsPerToken(context) ÷ peak; memory (weights read once for the batch + each
 * sequence's KV: batch × context × KV bytes) ÷ bandwidth.
 */
export function decodeStep(d: Deployment, batch: number, context: number): Step {
  const compute = (batch * flopsPerToken(d.model, context)) / peakFlops(d);
  const bytes = weightBytesReadPerStep(d.model, d.precision, batch) + batch * context * kvBytesPerToken(d.model, d.precision);
  const memory = bytes / bandwidth(d);
  const seconds = Math.max(compute, memory);
  return { seconds, tokens_per_second: batch / seconds, bound: compute >= memory ? "compute" : "memory" };
}

/** the KV length a decode step sees on average: the prompt plus half the output */
export function decodeContext(w: Workload): number {
  return w.input_tokens + w.output_tokens / 2;
}

export interface WorkloadThroughput {
  prefill: Step;
  decode: Step;
  /** seconds to serve the batch: its prefill, then output_tokens decode steps */
  seconds: number;
  /** output tokens per second of the deployment */
  output_tokens_per_second: number;
  /** input + output tokens per second of the deployment */
  tokens_per_second: number;
}

/** a batch of requests end to end: prefill, then one decode step per output token */
export function workloadThroughput(d: Deployment, w: Workload): WorkloadThroughput {
  const p = prefill(d, w.batch, w.input_tokens);
  const step = decodeStep(d, w.batch, decodeContext(w));
  const seconds = p.seconds + w.output_tokens * step.seconds;
  return {
    prefill: p,
    decode: step,
    seconds,
    output_tokens_per_second: (w.batch * w.output_tokens) / seconds,
    tokens_per_second: (w.batch * (w.input_tokens + w.output_tokens)) / seconds,
  };
}

/**
 * The smallest batch at which a decode step at `context` is compute-bound, or null when it never
 * is (the KV reads grow as fast as the math). For a dense model the crossing is
 * B = weights × peak ÷ (flopsPerToken × bandwidth − context × KV bytes × peak), rounded up.
 */
export function computeBoundBatch(d: Deployment, context: number, limit = 2 ** 30): number | null {
  const bound = (b: number): boolean => decodeStep(d, b, context).bound === "compute";
  let high = 1;
  while (!bound(high)) {
    if (high >= limit) return null;
    high *= 2;
  }
  let low = Math.floor(high / 2);
  // low is not compute-bound (or 0), high is: the crossing lies between
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (bound(mid)) high = mid;
    else low = mid;
  }
  return high;
}
