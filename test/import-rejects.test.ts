import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

// end to end: where `tokenomics import` puts the lines it rejects
const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-import-rejects-"));
const elsewhere = join(dir, "elsewhere");
mkdirSync(elsewhere);

function run(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd, env: { ...process.env, TOKENOMICS_DB: join(dir, "default.duckdb") } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const good = JSON.stringify({
  ts: "2025-10-01T09:00:00Z",
  response: { id: "c1", object: "chat.completion", created: 0, model: "gpt-4o-mini", usage: { prompt_tokens: 10, completion_tokens: 1 } },
});
const calls = join(dir, "calls.jsonl");
writeFileSync(calls, `${[good, "{ not json", "[1]"].join("\n")}\n`);

const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { file: string; line: number; reason: string });

describe("tokenomics import: rejected lines", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("go beside the ledger, not into the current directory, and the summary names the file and the count", () => {
    const db = join(dir, "a.duckdb");
    const r = run(elsewhere, "import", "openai", calls, "--db", db);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      lines(`${db}.rejects.jsonl`).map((x) => x.line),
      [2, 3],
    );
    assert.equal(existsSync(join(elsewhere, "tokenomics-rejects.jsonl")), false);
    assert.match(r.stderr, new RegExp(`2 rejected lines appended to ${db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.rejects\\.jsonl`));
    assert.match(r.stdout, /rejects\.jsonl/);
  });

  it("are appended per run: an earlier run's rejects do not vanish", () => {
    const db = join(dir, "b.duckdb");
    run(elsewhere, "import", "openai", calls, "--db", db);
    const r = run(elsewhere, "import", "openai", calls, "--db", db, "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      lines(`${db}.rejects.jsonl`).map((x) => x.line),
      [2, 3, 2, 3],
    );
    assert.equal((JSON.parse(r.stdout) as { rejects_file: string }).rejects_file, `${db}.rejects.jsonl`);
  });

  it("go to --rejects FILE when given, relative to the current directory", () => {
    const r = run(elsewhere, "import", "openai", calls, "--db", join(dir, "c.duckdb"), "--rejects", "mine.jsonl", "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { rejects_file: string }).rejects_file, "mine.jsonl");
    assert.equal(lines(join(elsewhere, "mine.jsonl")).length, 2);
  });
});
