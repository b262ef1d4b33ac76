/**
 * `/api/compute/*` over HTTP: each route answers what `tokenomics compute … --json` prints for the
 * same inputs (flags as snake_case query parameters), and a bad parameter is a 400 naming it.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import type { ApiErrorBody, ComputeBreakeven, ComputeCalibration, ComputeCards, ComputeCost, ComputePrice } from "../src/server/api-types.js";
import { type RunningServer, startServer } from "../src/server/server.js";

const ADMIN = "compute-api-admin";
const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
let dir: string;
let server: RunningServer;

const get = (path: string, token = ADMIN) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
const cli = async (...args: string[]): Promise<unknown> =>
  JSON.parse((await promisify(execFile)(process.execPath, [bin, "compute", ...args, "--json"], { encoding: "utf8" })).stdout);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-compute-api-"));
  const store = await DuckDbStore.open(join(dir, "ledger.duckdb"));
  server = await startServer({
    host: "127.0.0.1",
    port: 0,
    store,
    catalog: builtinCatalog(),
    upstreams: [],
    adminToken: ADMIN,
    spool: join(dir, "spool.jsonl"),
  });
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /api/compute/cost", () => {
  it("answers what compute cost --json prints", async () => {
    const res = await get("/api/compute/cost?model=llama-3.1-70b&gpu=h100-sxm&gpus=2&precision=fp8&input_tokens=1000&output_tokens=1000&utilization=0.5");
    assert.equal(res.status, 200);
    const body = (await res.json()) as ComputeCost;
    // 2×80×8×128×1 in fp8
    assert.equal(body.kv_bytes_per_token, 163_840);
    // the published 4,205 output tokens/s × 2000 ÷ 1000; 5.98 ÷ (8410 × 3600 × 0.5) × 10⁶ = 0.39503…
    assert.equal(body.tokens_per_second_used, 8410);
    assert.equal(body.usd_per_million_tokens, "0.395032");
    const printed = await cli(
      "cost",
      "--model",
      "llama-3.1-70b",
      "--gpu",
      "h100-sxm",
      "--gpus",
      "2",
      "--precision",
      "fp8",
      "--input-tokens",
      "1000",
      "--output-tokens",
      "1000",
      "--utilization",
      "0.5",
    );
    assert.deepEqual(body, printed);
  });

  it("is a 400 naming the parameter: unknown ids, utilisation, a model that does not fit", async () => {
    const cases: [string, RegExp][] = [
      ["model=llama-3.1-8b&gpu=tpu", /^gpu: unknown GPU "tpu" \(known: h100-sxm, h200, a100-80gb, l40s, mi300x, b200\)/],
      ["model=gpt-9&gpu=h100-sxm", /^model: unknown model "gpt-9"/],
      ["model=llama-3.1-8b&gpu=h100-sxm&utilization=0", /^utilization: expected a fraction above 0 and at most 1/],
      [
        "model=llama-3.1-405b&gpu=h100-sxm&gpus=8",
        /^gpus: llama-3.1-405b in bf16 needs 811.8 GB for its weights; 8 × h100-sxm hold 640 GB \(give more gpus or a smaller precision\)/,
      ],
      ["model=llama-3.1-8b&gpu=h100-sxm&batch=lots", /^batch: expected a whole number/],
      ["gpu=h100-sxm", /^model: required/],
    ];
    for (const [query, message] of cases) {
      const res = await get(`/api/compute/cost?${query}`);
      assert.equal(res.status, 400, query);
      const body = (await res.json()) as ApiErrorBody;
      assert.equal(body.error.type, "invalid_request_error");
      assert.match(body.error.message, message);
    }
  });

  it("needs a token", async () => {
    assert.equal((await get("/api/compute/cost?model=llama-3.1-8b&gpu=h100-sxm", "wrong")).status, 401);
  });
});

describe("GET /api/compute/breakeven", () => {
  it("finds the break-even against a catalog model, by hand", async () => {
    const res = await get("/api/compute/breakeven?model=llama-3.1-8b&gpu=h100-sxm&tokens_per_second=1000&against=gpt-4o-2024-08-06");
    assert.equal(res.status, 200);
    const body = (await res.json()) as ComputeBreakeven;
    // 0.75 × 2.5 + 0.25 × 10 = 4.375; 2.99 ÷ 3.6 = 0.830556 a million at full use
    assert.equal(body.api_usd_per_million_tokens, "4.375");
    assert.equal(body.self_host_usd_per_million_tokens, "0.830556");
    // 0.8305555… ÷ 4.375 = 0.18984127; 2.99 × 730 = 2,182.7 a month ÷ 4.375 × 10⁶ = 498,902,857.1 → up
    assert.equal(body.breakeven_utilization, "0.189841");
    assert.equal(body.breakeven_tokens_per_month, 498_902_858);
    assert.equal(body.curve.length, 21);
    // the same figures as the command; the source names the parameter as each interface spells it
    assert.equal(body.source, "given: tokens_per_second");
    const printed = (await cli(
      "breakeven",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "h100-sxm",
      "--tokens-per-second",
      "1000",
      "--against",
      "gpt-4o-2024-08-06",
    )) as ComputeBreakeven;
    assert.deepEqual(body, { ...printed, source: "given: tokens_per_second" });
  });

  it("is a 400 without a known API model", async () => {
    const res = await get("/api/compute/breakeven?model=llama-3.1-8b&gpu=h100-sxm");
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as ApiErrorBody).error.message, /^against: required/);
  });
});

describe("GET /api/compute/price, /cards, /calibration", () => {
  it("prices by batch, batch work below interactive", async () => {
    const res = await get("/api/compute/price?model=llama-3.1-8b&gpu=h100-sxm&batch=1,64&margin=0.4");
    assert.equal(res.status, 200);
    const body = (await res.json()) as ComputePrice;
    const [one, many] = body.rows;
    assert.ok(Number(many!.price_usd_per_million_output) < Number(one!.price_usd_per_million_output) / 10);
    assert.deepEqual(body, await cli("price", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--batch", "1,64", "--margin", "0.4"));
  });

  it("lists the cards and the calibration", async () => {
    const cards = (await (await get("/api/compute/cards")).json()) as ComputeCards;
    assert.ok(cards.models.some((m) => m.id === "deepseek-v3" && m.mla?.kv_lora_rank === 512));
    assert.equal(cards.gpus.find((g) => g.id === "h100-sxm")?.tflops.bf16, 989);
    const calibration = (await (await get("/api/compute/calibration")).json()) as ComputeCalibration;
    assert.deepEqual(calibration, await cli("calibrate"));
  });
});
