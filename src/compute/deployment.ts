import type { GpuCard, ModelCard, Precision } from "./cards.js";

/** a model served on `gpus` GPUs of one kind (tensor-parallel: each GPU holds and reads its shard) */
export interface Deployment {
  model: ModelCard;
  gpu: GpuCard;
  gpus: number;
  precision: Precision;
}

/** the requests it serves at once: `batch` sequences of `input_tokens` in and `output_tokens` out */
export interface Workload {
  batch: number;
  input_tokens: number;
  output_tokens: number;
}

/** peak dense FLOP/s of all the GPUs together */
export function peakFlops(d: Deployment): number {
  const tflops = d.gpu.tflops[d.precision];
  if (tflops === undefined) throw new Error(`${d.gpu.id} has no ${d.precision} peak`);
  return d.gpus * tflops * 1e12;
}

/** memory bandwidth of all the GPUs together, bytes/s */
export function bandwidth(d: Deployment): number {
  return d.gpus * d.gpu.bandwidth_tb_s * 1e12;
}

/** memory of all the GPUs together, bytes */
export function memoryBytes(d: Deployment): number {
  return d.gpus * d.gpu.memory_gb * 1e9;
}
