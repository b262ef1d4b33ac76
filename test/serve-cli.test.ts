/**
 * `tokenomics serve` as a process, against a local provider simulator: keys and reports through
 * `--server` while it owns the ledger, and SIGTERM draining calls and flushing the ledger.
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
const ADMIN = "serve-cli-admin";

let dir: string;
let sim: Simulator;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-serve-cli-"));
  sim = await startSimulator({ providerKey: "sk-real" });
});
after(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("tokenomics serve, against a local provider simulator", () => {
  it("makes keys and answers reports through --server while it owns the ledger; SIGTERM drains and flushes", async () => {
    const db = join(dir, "ledger.duckdb");
    const env = { ...process.env, OPENAI_BASE_URL: `${sim.url}/v1`, OPENAI_API_KEY: "sk-real", TOKENOMICS_ADMIN_TOKEN: ADMIN, TOKENOMICS_SERVER: "" };
    const { child, url, stderr } = await serveProcess(db, env);
    try {
      const made = await run(process.execPath, [bin, "keys", "create", "--team", "search", "--feature", "answer", "--server", url], { env });
      const key = made.stdout.trim();
      assert.match(key, /^tk-[A-Za-z0-9_-]+$/, "the key alone on stdout");
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
      // a slow call in flight when SIGTERM arrives must still complete and be stored
      const slow = client.chat.completions.create(
        { model: "gpt-4o-mini", messages: [{ role: "user", content: "abcd" }], max_tokens: 4 },
        { headers: { "x-sim-scenario": "slow", "x-sim-delay-ms": "400" } },
      );
      await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "abcd" }], max_tokens: 4 });
      // the file is the server's: a reader goes through it
      const report = JSON.parse((await run(process.execPath, [bin, "report", "--by", "team", "--json", "--server", url], { env })).stdout) as {
        rows: { team: string; events: number }[];
      };
      assert.deepEqual(
        report.rows.map((r) => r.team),
        ["search"],
      );
      const opened = await run(process.execPath, [bin, "report", "--db", db], { env }).catch((e: { code: number; stderr: string }) => e);
      assert.equal((opened as { code: number }).code, 2);
      assert.match((opened as { stderr: string }).stderr, /in use by another process/);
      await new Promise((r) => setTimeout(r, 100));
      child.kill("SIGTERM");
      const answer = await slow;
      assert.equal(answer.usage?.completion_tokens, 4);
      const code = await new Promise((r) => child.once("exit", r));
      assert.equal(code, 0, stderr());
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    const after = JSON.parse((await run(process.execPath, [bin, "report", "--by", "feature", "--db", db, "--json"], { env })).stdout) as {
      rows: { feature: string; events: number }[];
      total_usd: string;
    };
    assert.deepEqual(after.rows, [{ ...after.rows[0], feature: "answer", events: 2 }]);
    // each call: "abcd" = 1 + 8 = 9 input, 4 output on gpt-4o-mini: 9 × $0.15/M + 4 × $0.60/M = 0.00000135 + 0.0000024 = 0.00000375; two calls 0.0000075
    assert.equal(after.total_usd, "0.0000075");
  });

  it("kill -9 under load, twice: after the restarts every answered call is stored, once", async () => {
    const db = join(dir, "killed.duckdb");
    const env = { ...process.env, OPENAI_BASE_URL: `${sim.url}/v1`, OPENAI_API_KEY: "sk-real", TOKENOMICS_ADMIN_TOKEN: ADMIN, TOKENOMICS_SERVER: "" };
    const key = (await run(process.execPath, [bin, "keys", "create", "--team", "load", "--db", db], { env })).stdout.trim();
    const answered: string[] = [];
    let inFlightAtKill = 0;
    for (let round = 0; round < 2; round++) {
      const { child, url } = await serveProcess(db, env);
      let killed = false;
      let inFlight = 0;
      const caller = async (): Promise<void> => {
        while (!killed) {
          inFlight++;
          try {
            const res = await fetch(`${url}/v1/chat/completions`, {
              method: "POST",
              headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
              body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "count me" }], max_tokens: 3 }),
            });
            const body = (await res.json()) as { id: string };
            if (res.status === 200) answered.push(body.id);
          } catch {
            // cut by the kill: not answered
          } finally {
            inFlight--;
          }
        }
      };
      const callers = Array.from({ length: 16 }, caller);
      await new Promise((r) => setTimeout(r, 700));
      child.kill("SIGKILL");
      inFlightAtKill += inFlight;
      await new Promise((r) => child.once("exit", r));
      killed = true;
      await Promise.all(callers);
    }
    // the last start replays what the kills left in the spool; a graceful stop stores the rest
    const { child } = await serveProcess(db, env);
    child.kill("SIGTERM");
    assert.equal(await new Promise((r) => child.once("exit", r)), 0);
    const { DuckDbStore } = await import("../src/ledger/duckdb/store.js");
    const store = await DuckDbStore.open(db);
    const events = await store.list({ limit: 1_000_000 });
    await store.close();
    assert.ok(answered.length > 100, `only ${answered.length} calls answered before the kills`);
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, "event ids unique");
    // the simulator numbers its answers: the gateway keeps that id as the call's response_id
    const stored = events.map((e) => e.request.response_id).filter((id) => id !== undefined);
    const ids = new Set(stored);
    assert.equal(ids.size, stored.length, "no call stored twice");
    assert.deepEqual(
      answered.filter((id) => !ids.has(id)),
      [],
      "every answered call stored",
    );
    // a call recorded but cut before its answer reached the client is stored too: at most those in flight
    assert.ok(
      stored.length - answered.length <= inFlightAtKill,
      `${stored.length} stored, ${answered.length} answered, ${inFlightAtKill} in flight at the kills`,
    );
  });

  it("without TOKENOMICS_ADMIN_TOKEN makes a token for the run and prints the dashboard's address with it", async () => {
    const env = { ...process.env, TOKENOMICS_ADMIN_TOKEN: "", TOKENOMICS_SERVER: "" };
    const { child, stderr } = await serveProcess(join(dir, "own-token.duckdb"), env);
    try {
      let m: RegExpMatchArray | null = null;
      for (let i = 0; i < 50 && !(m = stderr().match(/dashboard at (http:\/\/\S+)\/\?token=(\S+) /)); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(m, stderr());
      const me = await fetch(`${m[1]}/api/me`, { headers: { authorization: `Bearer ${m[2]}` } });
      assert.deepEqual(await me.json(), { admin: true });
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  });

  it("refuses a bad config file with the file and field", async () => {
    const config = join(dir, "gateway.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(config, JSON.stringify({ upstreams: [{ name: "gemini", api: "gemini", base_url: "https://example.com" }] }));
    const r = await run(process.execPath, [bin, "serve", "--port", "0", "--db", join(dir, "x.duckdb"), "--config", config]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal((r as { code: number }).code, 2);
    assert.match((r as { stderr: string }).stderr, /gateway\.json: upstreams\.0\.api/);
  });
});
