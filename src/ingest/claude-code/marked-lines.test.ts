import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { scanMarkedLines, type ScannedLine } from "./marked-lines.js";

function scan(content: string, chunkSize: number): ScannedLine[] {
  const dir = mkdtempSync(join(tmpdir(), "scan-"));
  try {
    const file = join(dir, "x.jsonl");
    writeFileSync(file, content);
    const out: ScannedLine[] = [];
    for (const batch of scanMarkedLines(file, '"usage"', "utf8", chunkSize)) out.push(...batch);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("scanMarkedLines", () => {
  const long = `{"message":{"content":"${"é".repeat(40)}","usage":{"input_tokens":1}}}`;
  const content = ['\uFEFF{"type":"summary"}', long, "", "  ", "garbage", '{"type":"user"}', '{"usage":1'].join("\n");

  it("returns the marked lines and the ones not shaped like an object, with line numbers", () => {
    const lines = scan(content, 1 << 16);
    assert.deepEqual(
      lines.map((l) => [l.line, l.marked, l.text.length]),
      [
        [2, true, long.length],
        [5, false, 7],
        // the last line has no newline and is cut short: still marked, and parse will reject it
        [7, true, 10],
      ],
    );
    assert.equal(lines[0]?.text, long);
  });

  it("gives the same lines whatever the chunk size, even smaller than a line", () => {
    const small = scan(content, 8);
    assert.deepEqual(small, scan(content, 1 << 16));
  });

  it("reads files side by side: a read buffer is never shared", () => {
    const dir = mkdtempSync(join(tmpdir(), "scan-"));
    try {
      const files = ["a", "b"].map((name) => {
        const file = join(dir, `${name}.jsonl`);
        writeFileSync(file, Array.from({ length: 300 }, (_, i) => `{"id":"${name}${i}","usage":{"n":${i}}}`).join("\n"));
        return file;
      });
      const whole = files.map((f) => [...scanMarkedLines(f, '"usage"', "latin1", 1024)].flat());
      // both scans at once, one chunk of each in turn, on chunk-size buffers passed from file to file
      const [a, b] = files.map((f) => scanMarkedLines(f, '"usage"', "latin1", 1024));
      const side: ScannedLine[][] = [[], []];
      for (let done = 0; done < 2; ) {
        done = 0;
        for (const [k, gen] of [a, b].entries()) {
          const next = gen!.next();
          if (next.done) done++;
          else side[k]!.push(...next.value);
        }
      }
      assert.deepEqual(side, whole);
      assert.equal(whole[0]?.length, 300);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
