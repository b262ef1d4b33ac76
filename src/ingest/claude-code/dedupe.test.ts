import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UsageRecord } from "../../usage/event.js";
import { usage, type Usage } from "../../usage/usage.js";
import { guessLine, ResponseDedupe } from "./dedupe.js";

function record(id: string, u: Partial<Usage>, line: number): UsageRecord {
  return {
    id,
    ts: "2025-10-14T00:00:00.000Z",
    provider: "anthropic",
    model: "m",
    usage: usage({ requests: 1, ...u }),
    attribution: {},
    interaction: {},
    request: {},
    source: { kind: "claude-code", convention: "anthropic-messages", raw_usage: {}, line },
  };
}

describe("ResponseDedupe", () => {
  it("keeps the line with the largest total, and on a tie the larger output", () => {
    const d = new ResponseDedupe();
    d.add(record("a", { input: 4, output: 3 }, 1));
    d.add(record("a", { input: 4, output: 245 }, 2));
    d.add(record("a", { input: 4, output: 245 }, 3));
    d.add(record("b", { input: 10, output: 4 }, 4));
    d.add(record("b", { input: 4, output: 10 }, 5));
    assert.deepEqual(
      d.flush().map((r) => [r.id, r.source.line]),
      [
        // 4 + 245 beats 4 + 3; line 3 only ties line 2
        ["a", 2],
        // 14 each: the larger output wins
        ["b", 5],
      ],
    );
  });

  it("releases a response once the window has passed it, and drops later copies", () => {
    const d = new ResponseDedupe(2);
    assert.deepEqual(d.add(record("a", { input: 1 }, 1)), []);
    // two more lines without "a": it is released
    assert.deepEqual(
      d.add(record("b", { input: 1 }, 2)).map((r) => r.id),
      [],
    );
    assert.deepEqual(
      d.add(record("c", { input: 1 }, 3)).map((r) => r.id),
      [],
    );
    assert.deepEqual(
      d.add(record("d", { input: 1 }, 4)).map((r) => r.id),
      ["a", "b"],
    );
    // a copy of "a" with more tokens comes too late: the ledger already has "a"
    d.add(record("a", { input: 9 }, 5));
    assert.deepEqual(
      d.flush().map((r) => r.id),
      ["c", "d"],
    );
  });

  it("skips a line unparsed only once its guess was confirmed by a parsed line", () => {
    const line =
      '{"message":{"id":"m1","content":[{"type":"tool_use","input":{"usage":{"x":1}}}],"usage":{"input_tokens":4,"output_tokens":3}},"requestId":"r1"}';
    const guess = guessLine(line);
    // the last usage object is the message's, not the tool input's
    assert.deepEqual(guess, { id: "cc:m1:r1", usage: '{"input_tokens":4,"output_tokens":3}' });
    if (guess === undefined) return;
    const d = new ResponseDedupe();
    assert.equal(d.isKnownRepeat(guess), false);
    d.add(record("cc:m1:r1", { input: 4, output: 3 }, 1), guess, { input_tokens: 4, output_tokens: 3 });
    assert.equal(d.isKnownRepeat(guess), true);
    // the same response with other usage must be parsed and compared
    assert.equal(d.isKnownRepeat({ ...guess, usage: '{"input_tokens":4,"output_tokens":245}' }), false);
    // a guess whose usage text is not what the parse found confirms nothing
    const other = { id: "cc:m2:r2", usage: '{"input_tokens":1}' };
    d.add(record("cc:m2:r2", { input: 2 }, 2), other, { input_tokens: 2 });
    assert.equal(d.isKnownRepeat(other), false);
  });

  it("does not guess without both ids", () => {
    assert.equal(guessLine('{"message":{"id":"m1","usage":{"input_tokens":1}}}'), undefined);
    assert.equal(guessLine('{"requestId":"r0","message":{"id":"m1","usage":{"input_tokens":1}}}'), undefined);
    assert.equal(guessLine('{"message":{"id":"m\\"1","usage":{"input_tokens":1}},"requestId":"r1"}'), undefined);
  });
});
