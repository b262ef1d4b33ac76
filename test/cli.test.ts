import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

// end to end: the real bin, a real process, as a user runs it after `npm install`
const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const litellm = fileURLToPath(new URL("../../../shared/reference/litellm/model_prices_and_context_window.json", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-cli-"));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]): Record<string, unknown> {
  const r = run(...args, "--json");
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("tokenomics price", () => {
  it("prints the issue's JSON shape with an exact total", () => {
    // claude-sonnet-4-5: 2,000 × $3 + 10,000 × $0.30 + 4,000 × $3.75 + 800 × $15, per 1M
    // = 0.006 + 0.003 + 0.015 + 0.012 = 0.036
    const out = json(
      "price",
      "--model",
      "claude-sonnet-4-5",
      "--input",
      "2000",
      "--cached-input",
      "10000",
      "--cache-write",
      "4000",
      "--output",
      "800",
      "--at",
      "2025-11-01",
    );
    assert.equal(out.model, "claude-sonnet-4-5");
    assert.equal(out.provider, "anthropic");
    assert.equal(typeof out.version_from, "string");
    assert.deepEqual(out.breakdown, { input: "0.006", cached_input: "0.003", cache_write: "0.015", output: "0.012" });
    assert.equal(out.total_usd, "0.036");
  });

  it("prices o3 on both sides of its price cut", () => {
    // before: 10,000 × $10/M + 3,000 × $40/M = 0.1 + 0.12 = 0.22; after: 0.02 + 0.024 = 0.044
    assert.equal(json("price", "--model", "o3", "--input", "10000", "--output", "3000", "--at", "2025-06-01").total_usd, "0.22");
    assert.equal(json("price", "--model", "o3", "--input", "10000", "--output", "3000", "--at", "2025-07-01").total_usd, "0.044");
  });

  it("applies --batch and --tier", () => {
    // o3 batch: (1M × $2 + 1M × $8) × 0.5 = $5
    assert.equal(json("price", "--model", "o3", "--input", "1000000", "--output", "1000000", "--batch", "--at", "2025-07-01").total_usd, "5");
    assert.equal(json("price", "--model", "o3", "--input", "1000000", "--output", "1000000", "--tier", "flex", "--at", "2025-07-01").total_usd, "5");
  });

  it("normalises --usage-json by the provider's convention", () => {
    // OpenAI: prompt 2006 includes 1920 cached → 86 uncached; gpt-4o-2024-08-06 from 2024-10-02:
    // 86 × $2.50 + 1,920 × $1.25 + 300 × $10, per 1M = 0.000215 + 0.0024 + 0.003 = 0.005615
    const usageJson = JSON.stringify({ prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } });
    const out = json("price", "--model", "gpt-4o", "--usage-json", usageJson, "--provider", "openai", "--at", "2025-01-01");
    assert.equal(out.total_usd, "0.005615");
  });

  it("prints a readable table by default and CSV on request", () => {
    const table = run("price", "--model", "gpt-4o-mini", "--input", "1000", "--output", "1000", "--at", "2025-01-01");
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /gpt-4o-mini · openai/);
    assert.match(table.stdout, /total/);
    const csv = run("price", "--model", "gpt-4o-mini", "--input", "1000", "--output", "1000", "--at", "2025-01-01", "--csv");
    assert.equal(csv.stdout.split("\n")[0], "class,count,rate,cost_usd");
  });

  it("exits 2 with the nearest names for an unknown model", () => {
    const r = run("price", "--model", "claude-sonet-4-5", "--input", "1");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown model "claude-sonet-4-5".*did you mean .*claude-sonnet-4-5/);
    assert.equal(r.stdout, "");
  });

  it("exits 2 on bad arguments", () => {
    const bad = run("price", "--model", "o3", "--input", "ten");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--input: expected a non-negative whole number, got "ten"/);
    assert.equal(run("price", "--model", "o3", "--bogus").code, 2);
    assert.match(run("price", "--model", "o3", "--input", "1", "--at", "yesterday").stderr, /--at: expected a date/);
    assert.equal(run("price", "--model", "o3", "--input", "1", "--tier", "turbo").code, 2);
  });

  it("prices --records line by line, in order, with error lines for bad records", () => {
    const file = join(dir, "records.jsonl");
    writeFileSync(
      file,
      `${[
        JSON.stringify({ model: "o3", input: 10000, output: 3000, at: "2025-06-01" }),
        JSON.stringify({ model: "no-such-model", input: 1 }),
        "{not json",
        JSON.stringify({ model: "claude-sonnet-4-5", input: 100000, output: 100000, batch: true, at: "2025-11-01" }),
        JSON.stringify({ model: "o3", input: -5 }),
      ].join("\n")}\n`,
    );
    const r = run("price", "--records", file);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 5);
    assert.equal(lines[0]!.total_usd, "0.22");
    assert.match(String(lines[1]!.error), /unknown model "no-such-model"/);
    assert.equal(lines[2]!.line, 3);
    // (100,000 × $3 + 100,000 × $15) × 0.5 / 1M = 0.9
    assert.equal(lines[3]!.total_usd, "0.9");
    assert.match(String(lines[4]!.error), /input: expected a non-negative integer/);
  });

  it("layers a user catalog with a negotiated discount", () => {
    const file = join(dir, "contract.json");
    writeFileSync(
      file,
      JSON.stringify({ adjustments: [{ name: "edp", kind: "discount", value: "0.20", match: { provider: "anthropic" }, from: "2026-01-01" }] }),
    );
    // (100,000 × $3 + 100,000 × $15) / 1M × 0.8 = 1.8 × 0.8 = 1.44
    const out = json("price", "--model", "claude-sonnet-4-5", "--input", "100000", "--output", "100000", "--at", "2026-02-01", "--catalog", file);
    assert.equal(out.total_usd, "1.44");
    assert.deepEqual(out.adjustments, ["edp"]);
  });

  it("rejects a malformed catalog with the file, the entry and the field", () => {
    const file = join(dir, "broken.json");
    writeFileSync(
      file,
      JSON.stringify({
        models: [
          { id: "mine", provider: "me", mode: "chat", prices: [{ from: "2026-01-01", rates: { input: "cheap" }, source: "x", retrieved: "2026-01-01" }] },
        ],
      }),
    );
    const r = run("price", "--model", "mine", "--input", "1", "--catalog", file);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${file}: entry "mine": models[0].prices[0].rates.input:`), r.stderr);
  });

  it("accepts LiteLLM's price file as a catalog", () => {
    // LiteLLM's gpt-4o-mini: $0.15/M in, $0.60/M out → 1M + 1M = $0.75
    const out = json("price", "--model", "gpt-4o-mini", "--input", "1000000", "--output", "1000000", "--catalog", litellm);
    assert.equal(out.total_usd, "0.75");
  });
});

describe("tokenomics models", () => {
  it("lists and searches the catalog", () => {
    const r = run("models", "claude");
    assert.equal(r.code, 0);
    assert.match(r.stdout, /claude-sonnet-4-5/);
    assert.doesNotMatch(r.stdout, /gpt-4o/);
    const rows = JSON.parse(run("models", "o3", "--history", "--json").stdout) as { id: string; price: { from: string } }[];
    assert.deepEqual(
      rows.filter((m) => m.id === "o3").map((m) => m.price.from),
      ["2025-04-16", "2025-06-10"],
    );
  });
});

describe("tokenomics", () => {
  it("shows help and version with exit 0", () => {
    assert.equal(run("--help").code, 0);
    assert.match(run("--version").stdout, /^\d+\.\d+\.\d+/);
  });
});

describe("tokenomics estimate", () => {
  it("counts a prompt file exactly for OpenAI models and prices it, cheapest first", () => {
    const file = join(dir, "prompt.txt");
    writeFileSync(file, "Summarise the attached contract in five bullet points.");
    const out = json("estimate", "--file", file, "--models", "gpt-4o-mini,gpt-4.1,claude-sonnet-4-5", "--output-tokens", "100", "--at", "2025-11-01") as {
      models: { model: string; input_tokens: number; exact: boolean; total_usd: string; input_tokens_low?: number; input_tokens_high?: number }[];
    };
    assert.deepEqual(
      out.models.map((m) => m.model),
      ["gpt-4o-mini", "gpt-4.1", "claude-sonnet-4-5"],
    );
    const mini = out.models[0]!;
    assert.equal(mini.exact, true);
    // 11 o200k tokens (tiktoken's count of this sentence): 11 × $0.15/M + 100 × $0.60/M
    // = 0.00000165 + 0.00006 = 0.00006165
    assert.equal(mini.input_tokens, 11);
    assert.equal(mini.total_usd, "0.00006165");
    const claude = out.models[2]!;
    assert.equal(claude.exact, false);
    assert.ok(claude.input_tokens_low! <= claude.input_tokens && claude.input_tokens <= claude.input_tokens_high!);
  });

  it("counts a chat messages file with the chat framing", () => {
    const file = join(dir, "chat.json");
    writeFileSync(file, JSON.stringify([{ role: "user", content: "hi" }]));
    const out = json("estimate", "--file", file, "--models", "gpt-4o", "--output-tokens", "0", "--at", "2025-11-01") as { models: { input_tokens: number }[] };
    // 3 per message + 1 ("user") + 1 ("hi") + 3 reply priming = 8
    assert.equal(out.models[0]!.input_tokens, 8);
  });

  it("exits 2 without a prompt or with an unknown model", () => {
    assert.equal(run("estimate").code, 2);
    assert.equal(run("estimate", "--text", "hi", "--models", "nope-9").code, 2);
  });
});
