/**
 * Published measured throughputs, the calibration the roofline is checked against. One row per
 * measurement: `tokens_per_second` is output tokens per second of the whole deployment (all its
 * GPUs), `batch` null where the benchmark ran at maximum load and the engine chose the batch,
 * `watts` null where no power was published. Sources are NVIDIA's TensorRT-LLM performance tables,
 * pinned to the commit they were read at.
 */
import type { Precision } from "./cards.js";

export interface CalibrationRow {
  model: string;
  gpu: string;
  gpus: number;
  precision: Precision;
  batch: number | null;
  input_len: number;
  output_len: number;
  tokens_per_second: number;
  watts: number | null;
  source: string;
}

/** TensorRT-LLM 1.0 "Total Output Throughput", maximum load (trtllm-bench), ModelOpt FP8 checkpoints */
const PERF_OVERVIEW = "https://github.com/NVIDIA/TensorRT-LLM/blob/00f37686aa854010d68bcbd0f4ab000221541ca6/docs/source/performance/perf-overview.md";
/** TensorRT-LLM 0.6.1 "Peak Throughput", H100 FP8, printed per GPU (× TP here) */
const PERF_061 = "https://github.com/NVIDIA/TensorRT-LLM/blob/138f96d45f90b9667426f7c47297d8c06bafac73/docs/source/performance.md";
/** TensorRT-LLM 0.5.0 H200 launch blog, FP8 max throughput, "Preliminary measured performance" */
const H200_LAUNCH = "https://github.com/NVIDIA/TensorRT-LLM/blob/release/0.5.0/docs/source/blogs/H200launch.md";

type Cell = [model: string, gpu: string, gpus: number, batch: number | null, input: number, output: number, tps: number, source: string];

const CELLS: readonly Cell[] = [
  // Llama 3.1 8B, TP1
  ["llama-3.1-8b", "h200", 1, null, 128, 2048, 26221, PERF_OVERVIEW],
  ["llama-3.1-8b", "h200", 1, null, 1000, 1000, 17744, PERF_OVERVIEW],
  ["llama-3.1-8b", "h200", 1, null, 2048, 2048, 12194, PERF_OVERVIEW],
  ["llama-3.1-8b", "h200", 1, null, 5000, 500, 3902, PERF_OVERVIEW],
  ["llama-3.1-8b", "h100-sxm", 1, null, 128, 2048, 22714, PERF_OVERVIEW],
  ["llama-3.1-8b", "h100-sxm", 1, null, 1000, 1000, 15220, PERF_OVERVIEW],
  ["llama-3.1-8b", "h100-sxm", 1, null, 2048, 2048, 9305, PERF_OVERVIEW],
  ["llama-3.1-8b", "h100-sxm", 1, null, 5000, 500, 3459, PERF_OVERVIEW],
  // Llama 3.3 70B (the 3.1 70B architecture): H200 TP1, H100 TP2
  ["llama-3.1-70b", "h200", 1, null, 128, 2048, 4336, PERF_OVERVIEW],
  ["llama-3.1-70b", "h200", 1, null, 1000, 1000, 2909, PERF_OVERVIEW],
  ["llama-3.1-70b", "h200", 1, null, 2048, 2048, 2003, PERF_OVERVIEW],
  ["llama-3.1-70b", "h200", 1, null, 5000, 500, 566, PERF_OVERVIEW],
  ["llama-3.1-70b", "h100-sxm", 2, null, 128, 2048, 6651, PERF_OVERVIEW],
  ["llama-3.1-70b", "h100-sxm", 2, null, 1000, 1000, 4205, PERF_OVERVIEW],
  ["llama-3.1-70b", "h100-sxm", 2, null, 2048, 2048, 3082, PERF_OVERVIEW],
  ["llama-3.1-70b", "h100-sxm", 2, null, 5000, 500, 898, PERF_OVERVIEW],
  // Llama 3.1 405B, TP8
  ["llama-3.1-405b", "h200", 8, null, 128, 2048, 5348, PERF_OVERVIEW],
  ["llama-3.1-405b", "h200", 8, null, 1000, 1000, 3330, PERF_OVERVIEW],
  ["llama-3.1-405b", "h200", 8, null, 2048, 2048, 2948, PERF_OVERVIEW],
  ["llama-3.1-405b", "h100-sxm", 8, null, 128, 2048, 4340, PERF_OVERVIEW],
  ["llama-3.1-405b", "h100-sxm", 8, null, 1000, 1000, 2919, PERF_OVERVIEW],
  ["llama-3.1-405b", "h100-sxm", 8, null, 2048, 2048, 2296, PERF_OVERVIEW],
  // Llama 2 70B with the batch sizes published (H100: 2,657 × 2, 1,486 × 4, 306 × 2, 547 × 2 per GPU)
  ["llama-2-70b", "h100-sxm", 2, 1024, 128, 128, 5314, PERF_061],
  ["llama-2-70b", "h100-sxm", 4, 480, 128, 2048, 5944, PERF_061],
  ["llama-2-70b", "h100-sxm", 2, 96, 2048, 128, 612, PERF_061],
  ["llama-2-70b", "h100-sxm", 2, 64, 2048, 2048, 1094, PERF_061],
  ["llama-2-70b", "h200", 1, 512, 128, 128, 3014, H200_LAUNCH],
  ["llama-2-70b", "h200", 4, 512, 128, 2048, 6616, H200_LAUNCH],
  ["llama-2-70b", "h200", 2, 64, 2048, 128, 682, H200_LAUNCH],
  ["llama-2-70b", "h200", 1, 32, 2048, 128, 303, H200_LAUNCH],
];

/** every published row, all FP8 */
export const CALIBRATION_ROWS: readonly CalibrationRow[] = CELLS.map(([model, gpu, gpus, batch, input_len, output_len, tokens_per_second, source]) => ({
  model,
  gpu,
  gpus,
  precision: "fp8",
  batch,
  input_len,
  output_len,
  tokens_per_second,
  watts: null,
  source,
}));

export const CALIBRATION_COLUMNS = ["model", "gpu", "gpus", "precision", "batch", "input_len", "output_len", "tokens_per_second", "watts", "source"] as const;
