import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readCsv, type CsvProblem, type CsvRecord } from "./csv.js";

async function rows(content: string): Promise<(CsvRecord | CsvProblem)[]> {
  const dir = mkdtempSync(join(tmpdir(), "csv-"));
  try {
    const file = join(dir, "x.csv");
    writeFileSync(file, content);
    const out: (CsvRecord | CsvProblem)[] = [];
    for await (const row of readCsv(file)) out.push(row);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("readCsv", () => {
  it("numbers records by the line they start on, across quoted line breaks and blank lines", async () => {
    const crlf = '\uFEFFa,b,c\r\n1,2,3\r\n\r\n4,"5\r\n6",7\r\n"x""y",ba"d,10\r\n8,9';
    assert.deepEqual(await rows(crlf), [
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "2", "3"] },
      // line 3 is blank; the record on line 4 ends on line 5
      { line: 4, fields: ["4", "5\r\n6", "7"] },
      // "" is a quote; a stray quote inside an unquoted field is kept as text
      { line: 6, fields: ['x"y', 'ba"d', "10"] },
      // a short row is returned as it is: its reader checks the width
      { line: 7, fields: ["8", "9"] },
    ]);
    assert.deepEqual(await rows('a,b\n"multi\nline",2\n3,4\n'), [
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["multi\nline", "2"] },
      { line: 4, fields: ["3", "4"] },
    ]);
  });

  it("reports a quote that never closes, after the good records", async () => {
    assert.deepEqual(await rows('a,b\n1,2\n"open,3\n4,5\n'), [
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 3, reason: "CSV: a quoted field is never closed (the rest of the file is inside it)" },
    ]);
  });
});
