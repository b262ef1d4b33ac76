import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CardSet } from "./card-set.js";
import { CALIBRATION_ROWS, type CalibrationRow } from "./calibration-rows.js";
import { calibrationReport, matchCalibration } from "./calibration.js";
import { TOY_GPU, TOY_MODEL } from "./testing/toy-cards.js";

const toyRow: CalibrationRow = {
  model: "toy-1b",
  gpu: "toy-gpu",
  gpus: 1,
  precision: "bf16",
  batch: 1,
  input_len: 1000,
  output_len: 1000,
  // half the roofline's 493.14956 output tokens/s (roofline.test.ts)
  tokens_per_second: 246.5748,
  watts: 350,
  source: "test",
};

describe("calibrationReport", () => {
  it("reports the roofline's error against each measurement", () => {
    const report = calibrationReport(new CardSet({ models: [TOY_MODEL], gpus: [TOY_GPU] }), [toyRow]);
    const [row] = report.rows;
    assert.equal(row!.roofline_tokens_per_second, 493.15);
    // (493.14956 − 246.5748) ÷ 246.5748 = +100.0%
    assert.equal(row!.error_pct, 100);
    assert.equal(report.median_abs_error_pct, 100);
    assert.equal(report.median_efficiency, 0.5);
  });

  it("checks every published row, and finds the roofline above each of them", () => {
    const report = calibrationReport(new CardSet());
    assert.equal(report.rows.length, CALIBRATION_ROWS.length);
    for (const r of report.rows) {
      assert.match(r.source, /^https:\/\//);
      assert.ok(Number.isFinite(r.error_pct), `${r.model} on ${r.gpus} × ${r.gpu}`);
      assert.ok(r.error_pct > 0, `${r.model} on ${r.gpus} × ${r.gpu} ${r.input_len}/${r.output_len}: a roofline is an upper bound`);
    }
  });
});

describe("matchCalibration", () => {
  it("matches model, GPUs, precision, lengths and batch (max load ↔ the largest batch)", () => {
    const want = { model: "llama-3.1-8b", gpu: "h200", gpus: 1, precision: "fp8", batch: "max" as const, input_len: 1000, output_len: 1000 };
    assert.equal(matchCalibration(want)?.tokens_per_second, 17744);
    assert.equal(matchCalibration({ ...want, batch: 64 }), undefined);
    assert.equal(matchCalibration({ ...want, precision: "bf16" }), undefined);
    assert.equal(matchCalibration({ ...want, gpus: 2 }), undefined);
    assert.equal(matchCalibration({ ...want, model: "llama-2-70b", batch: 32, input_len: 2048, output_len: 128 })?.tokens_per_second, 303);
  });
});
