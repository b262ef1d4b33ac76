import assert from "node:assert/strict";
import { test } from "node:test";
import { InputError } from "../shared/input-error.js";
import { changeFrom, describeChange } from "./change.js";

test("exactly one change, named in the error otherwise", () => {
  assert.throws(
    () => changeFrom({}),
    (e: Error) =>
      e instanceof InputError &&
      /no change given: give exactly one of --model, --batch, --flex, --cache, --cap-output, --trim-input, --no-retries/.test(e.message),
  );
  assert.throws(() => changeFrom({ batch: true, flex: true }), /--batch and --flex given together/);
  assert.deepEqual(changeFrom({ cap_output: "500" }), { kind: "cap-output", tokens: 500 });
  assert.deepEqual(changeFrom({ trim_input: "12.5%" }), { kind: "trim-input", percent: "12.5" });
  assert.throws(() => changeFrom({ trim_input: "120" }), /--trim-input: expected a percentage/);
  assert.throws(() => changeFrom({ cap_output: "-3" }), /--cap-output/);
});

test("a cascade needs a model, a share from 0 to 1 and a target", () => {
  assert.deepEqual(changeFrom({ model: "gpt-4o-mini", escalate: "0.2", to: "gpt-4o" }), {
    kind: "model",
    model: "gpt-4o-mini",
    escalate: { share: "0.2", to: "gpt-4o" },
  });
  assert.throws(() => changeFrom({ model: "a", escalate: "0.2" }), /needs both --escalate SHARE and --to MODEL/);
  assert.throws(() => changeFrom({ batch: true, escalate: "0.2", to: "x" }), /go with --model only/);
  assert.throws(() => changeFrom({ model: "a", escalate: "1.5", to: "b" }), /share from 0 to 1/);
  const api = {
    model: "model",
    batch: "batch",
    flex: "flex",
    cache: "cache",
    cap_output: "cap_output",
    trim_input: "trim_input",
    no_retries: "no_retries",
    escalate: "escalate",
    to: "escalate_to",
  };
  assert.throws(() => changeFrom({ model: "a", escalate: "0.2" }, api), /escalate SHARE and escalate_to MODEL/);
  assert.equal(describeChange(changeFrom({ model: "a", escalate: "0.25", to: "b" })), "cascade: a, escalating 25% to b");
});
