import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MarkerFinder } from "./marker.js";

/** every index of `marker` in `text`, as Buffer.indexOf finds them */
function all(_text: Buffer, find: (from: number) => number): number[] {
  const out: number[] = [];
  for (let i = find(0); i !== -1; i = find(i + 1)) out.push(i);
  return out;
}

describe("MarkerFinder", () => {
  const marker = Buffer.from('"usage"');

  it("finds what indexOf finds, whichever byte it searches from", () => {
    // texts over the marker's own bytes, so that partial matches abound
    const text = fc
      .array(fc.constantFrom('"', "u", "s", "a", "g", "e", '"usage"', "x", "usa", 'ge"'), { maxLength: 60 })
      .map((parts) => Buffer.from(parts.join("")));
    fc.assert(
      fc.property(text, text, (sample, haystack) => {
        const finder = new MarkerFinder(marker);
        finder.tune(sample);
        assert.deepEqual(
          all(haystack, (from) => finder.find(haystack, from)),
          all(haystack, (from) => haystack.indexOf(marker, from)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("searches from the rarest byte of the marker", () => {
    const finder = new MarkerFinder(marker);
    // no "g" in the sample: searched from "g", the marker is still found whole, at its start
    finder.tune(Buffer.from('"""uuu sss aaa eee'));
    const text = Buffer.from('{"message":"x","usage":{"input_tokens":1}}');
    assert.equal(finder.find(text, 0), text.indexOf('"usage"'));
    assert.equal(finder.find(text, text.indexOf('"usage"') + 1), -1);
    // a marker cut off by the end of the text is not there
    assert.equal(finder.find(Buffer.from('x"usag'), 0), -1);
  });
});
