import assert from "node:assert/strict";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readSpool, Spool } from "./spool.js";

const line = (id: string): string => `${JSON.stringify({ id, ts: "2025-10-01T12:00:00.000Z", usage: {}, cost: {} })}\n`;
const ids = (path: string): string[] => readSpool(path).events.map((e) => e.id);

describe("Spool", () => {
  it("seals what was written into numbered segments, and removes a segment once asked", () => {
    const dir = mkdtempSync(join(tmpdir(), "tokenomics-spool-"));
    const path = join(dir, "spool.jsonl");
    const spool = new Spool(path);
    spool.write(line("a") + line("b"));
    const first = spool.seal()!;
    assert.equal(first, `${path}.1`);
    assert.equal(spool.seal(), undefined, "nothing written since");
    spool.write(line("c"));
    const second = spool.seal()!;
    assert.deepEqual([ids(first), ids(second)], [["a", "b"], ["c"]]);
    assert.equal(readFileSync(path, "utf8"), "", "the live file starts empty again");
    spool.remove(first);
    assert.deepEqual(
      spool.leftovers().map((l) => l.segment),
      [second],
    );
    spool.remove(second);
    spool.close();
    assert.deepEqual(readdirSync(dir), [], "nothing left once every segment is stored");
    rmSync(dir, { recursive: true, force: true });
  });

  it("after a crash: seals the live file with its torn last line, numbers on, and never writes after the tear", () => {
    const dir = mkdtempSync(join(tmpdir(), "tokenomics-spool-"));
    const path = join(dir, "spool.jsonl");
    // segments 2 and 10 left over (sorted as numbers, not text), and a live file cut mid-line
    writeFileSync(`${path}.10`, line("d"));
    writeFileSync(`${path}.2`, line("a") + line("b"));
    writeFileSync(path, `${line("e")}{"id":"tor`);
    writeFileSync(`${path}.x`, line("not-a-segment"));
    const spool = new Spool(path);
    const left = spool.leftovers();
    assert.deepEqual(
      left.map((l) => l.segment),
      [`${path}.2`, `${path}.10`, `${path}.11`],
    );
    assert.deepEqual(
      left.map((l) => l.events.map((e) => e.id)),
      [["a", "b"], ["d"], ["e"]],
    );
    assert.deepEqual(left[2]!.lines, [line("e")], "the lines as written, the torn one dropped");
    spool.write(line("f"));
    assert.deepEqual(ids(path), ["f"], "a fresh file: the new line does not follow the tear");
    assert.equal(spool.seal(), `${path}.12`);
    spool.close();
    assert.ok(existsSync(`${path}.x`));
    rmSync(dir, { recursive: true, force: true });
  });

  it("skips lines that are not priced events", () => {
    const dir = mkdtempSync(join(tmpdir(), "tokenomics-spool-"));
    const path = join(dir, "x.jsonl");
    writeFileSync(path, `${line("a")}{"id":"b"}\n\n[1,2]\n`);
    appendFileSync(path, line("c"));
    assert.deepEqual(ids(path), ["a", "c"]);
    rmSync(dir, { recursive: true, force: true });
  });
});
