import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { readLines } from "./read-lines.js";

it("readLines: numbered lines across chunk boundaries, CRLF, multi-byte characters and no final newline", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "lines-")), "a.txt");
  writeFileSync(file, "first\r\nsecond é€😀\n\nlast");
  const lines: string[] = [];
  // a 3-byte chunk cuts every line, and the multi-byte characters, more than once
  for await (const { line, text } of readLines(file, 3)) lines.push(`${line}:${text}`);
  assert.deepEqual(lines, ["1:first", "2:second é€😀", "3:", "4:last"]);
});
