import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SseSplitter } from "./sse.js";

describe("SseSplitter", () => {
  it("splits events across chunk boundaries and keeps their raw bytes", () => {
    const sse = new SseSplitter();
    const a = sse.push(Buffer.from('event: message_start\ndata: {"a":1}\n\nevent: ping\nda'));
    assert.deepEqual(
      a.map((e) => [e.event, e.data]),
      [["message_start", '{"a":1}']],
    );
    assert.equal(a[0]!.raw.toString(), 'event: message_start\ndata: {"a":1}\n\n');
    const b = sse.push(Buffer.from('ta: {"type": "ping"}\n\ndata: [DONE]\n\n'));
    assert.deepEqual(
      b.map((e) => [e.event, e.data]),
      [
        ["ping", '{"type": "ping"}'],
        [undefined, "[DONE]"],
      ],
    );
  });

  it("reads CRLF lines and multi-line data, and keeps what a cut stream left", () => {
    const sse = new SseSplitter();
    const events = sse.push(Buffer.from("data: one\r\ndata: two\r\n\r\ndata: half"));
    assert.equal(events[0]!.data, "one\ntwo");
    assert.equal(sse.remainder.toString(), "data: half");
  });
});
