/**
 * Reservations survive a restart: `tokenomics serve` as a process, a budget set with the CLI, a
 * call left hanging at the local provider simulator when the gateway is killed with SIGKILL. The
 * restarted gateway holds that call's reservation again (the provider may still bill it) until
 * `--reservation-ttl` runs out, then the budget is open again.
 *
 * Costs by hand (gpt-4o-mini: $0.15/M input, $0.60/M output; "Hello there, gateway!" is 12 prompt
 * tokens with the tokenizer): a call with max_tokens 1000 holds 12 × 0.15/M + 1,000 × 0.60/M = $0.0006018.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import { startSimulator, type Simulator } from "../src/gateway/testing/simulator.js";
import { serveProcess } from "./support/serve-process.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const run = promisify(execFile);
const ADMIN = "restart-admin";
const HELLO = [{ role: "user" as const, content: "Hello there, gateway!" }];

let dir: string;
let sim: Simulator;

async function reserved(url: string): Promise<string> {
  const r = await fetch(`${url}/api/budgets/status?name=restart-day`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const json = (await r.json()) as { budgets: { reserved_usd: string }[] };
  return json.budgets[0]!.reserved_usd;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-governance-restart-"));
  sim = await startSimulator({ providerKey: "sk-real" });
});
after(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("budget reservations across a gateway restart (local provider simulator, SIGKILL)", () => {
  it("holds a killed call's reservation again at start, refusing what it would overspend, until the TTL frees it", async () => {
    const db = join(dir, "ledger.duckdb");
    const env = { ...process.env, OPENAI_BASE_URL: `${sim.url}/v1`, OPENAI_API_KEY: "sk-real", TOKENOMICS_ADMIN_TOKEN: ADMIN, TOKENOMICS_SERVER: "" };
    const key = (await run(process.execPath, [bin, "keys", "create", "--team", "restart", "--db", db], { env })).stdout.trim();
    await run(
      process.execPath,
      [bin, "budget", "set", "restart-day", "--scope", "team=restart", "--period", "day", "--amount", "0.001", "--action", "block", "--db", db],
      { env },
    );

    const first = await serveProcess(db, env, ["--reservation-ttl", "4"]);
    const client = (url: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0, timeout: 20_000 });
    // a call the provider never answers: its hold is open when the gateway dies
    const hanging = client(first.url)
      .chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 }, { headers: { "x-sim-scenario": "hang" } })
      .catch(() => "cut");
    for (let i = 0; i < 100 && (await reserved(first.url)) === "0"; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await reserved(first.url), "0.0006018");
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    assert.equal(await hanging, "cut");

    const second = await serveProcess(db, env, ["--reservation-ttl", "4"]);
    try {
      const started = Date.now();
      assert.equal(await reserved(second.url), "0.0006018", second.stderr());
      assert.match(second.stderr(), /1 budget reservations? of calls in flight at the last stop held again/);
      // 0.0006018 held + 0.0006018 asked = 0.0012036 > 0.001
      await assert.rejects(client(second.url).chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 }), OpenAI.RateLimitError);
      // the TTL (4 s from the reservation) runs out: the budget is whole again
      await new Promise((r) => setTimeout(r, Math.max(0, 4_500 - (Date.now() - started))));
      const r = await client(second.url).chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 });
      assert.equal(r.usage?.completion_tokens, 1000);
      assert.equal(await reserved(second.url), "0");
      second.child.kill("SIGTERM");
      assert.equal(await new Promise((r) => second.child.once("exit", r)), 0, second.stderr());
    } finally {
      if (second.child.exitCode === null) second.child.kill("SIGKILL");
    }
  });
});
