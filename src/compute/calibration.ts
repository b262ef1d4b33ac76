/**
 * The roofline against published measurements: which row a request matches, and the estimate's
 * error on every row, reported rather than hidden.
 */
import type { CardSet } from "./card-set.js";
import { CALIBRATION_ROWS, type CalibrationRow } from "./calibration-rows.js";
import type { Deployment } from "./deployment.js";
import { maxBatch } from "./formulas.js";
import { memoryBytes } from "./deployment.js";
import { round3 } from "./money.js";
import { workloadThroughput } from "./roofline.js";

export interface CalibrationMatch {
  model: string;
  gpu: string;
  gpus: number;
  precision: string;
  batch: number | "max";
  input_len: number;
  output_len: number;
}

/**
 * The published row measured on this deployment and workload: same model, GPU, count, precision,
 * lengths, and batch (a row at maximum load matches the batch "max").
 */
export function matchCalibration(want: CalibrationMatch, rows: readonly CalibrationRow[] = CALIBRATION_ROWS): CalibrationRow | undefined {
  return rows.find(
    (r) =>
      r.model === want.model &&
      r.gpu === want.gpu &&
      r.gpus === want.gpus &&
      r.precision === want.precision &&
      r.input_len === want.input_len &&
      r.output_len === want.output_len &&
      (r.batch === null ? want.batch === "max" : r.batch === want.batch),
  );
}

export interface CalibrationCheck extends CalibrationRow {
  /** the batch the roofline used: the row's, or the largest memory holds */
  roofline_batch: number;
  /** roofline output tokens/s for the row's deployment and workload */
  roofline_tokens_per_second: number;
  /** (roofline − measured) ÷ measured, in percent, 1 decimal place */
  error_pct: number;
}

export interface CalibrationReport {
  rows: CalibrationCheck[];
  /** the median of |error_pct| */
  median_abs_error_pct: number;
  /** measured ÷ roofline, the median: the share of the roofline real serving reaches */
  median_efficiency: number;
}

/** the roofline's error on every published row */
export function calibrationReport(cards: CardSet, rows: readonly CalibrationRow[] = CALIBRATION_ROWS): CalibrationReport {
  const checks = rows.map((r): CalibrationCheck => {
    const d: Deployment = { model: cards.model(r.model, "model"), gpu: cards.gpu(r.gpu, "gpu"), gpus: r.gpus, precision: r.precision };
    const batch = r.batch ?? maxBatch(d.model, d.precision, memoryBytes(d), r.input_len + r.output_len);
    const estimate = workloadThroughput(d, { batch, input_tokens: r.input_len, output_tokens: r.output_len }).output_tokens_per_second;
    return {
      ...r,
      roofline_batch: batch,
      roofline_tokens_per_second: round3(estimate),
      error_pct: Math.round(((estimate - r.tokens_per_second) / r.tokens_per_second) * 1000) / 10,
    };
  });
  return {
    rows: checks,
    median_abs_error_pct: median(checks.map((c) => Math.abs(c.error_pct))),
    median_efficiency: Math.round(median(checks.map((c) => c.tokens_per_second / c.roofline_tokens_per_second)) * 1000) / 1000,
  };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
