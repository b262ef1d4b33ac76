import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { messageBoundaries, promptPrefixes } from "./prefixes.js";

const system = "You are a support agent for Acme. ".repeat(50);
const tools = [{ name: "lookup_order", description: "Find an order", input_schema: { type: "object", properties: { id: { type: "string" } } } }];

describe("promptPrefixes", () => {
  it("marks tools, system and each message boundary of an Anthropic request, shortest first, the last one what was billed", () => {
    const messages = [
      { role: "user", content: "Where is order 42?" },
      { role: "assistant", content: "It shipped yesterday." },
      { role: "user", content: "And order 43?" },
    ];
    const p = promptPrefixes({ model: "claude-sonnet-4-5", max_tokens: 100, tools, system, messages }, 1000)!;
    assert.deepEqual(
      p.map((x) => x.boundary),
      ["tools", "system", "messages:1", "messages:2", "messages:3"],
    );
    // tokens split by the characters of the pieces as sent, in cache order: tools, system, messages
    const sizes = [JSON.stringify(tools), JSON.stringify(system), ...messages.map((m) => JSON.stringify(m))].map((s) => s.length);
    const total = sizes.reduce((a, b) => a + b, 0);
    let upTo = 0;
    const expected = sizes.map((s) => {
      upTo += s;
      return Math.round((1000 * upTo) / total);
    });
    assert.deepEqual(
      p.map((x) => x.tokens),
      expected,
    );
    assert.equal(p.at(-1)!.tokens, 1000);
    for (const x of p) assert.match(x.hash, /^[0-9a-f]{32}$/);
  });

  it("gives two calls with the same system prompt the same system hash, and different ones where their messages differ", () => {
    const a = promptPrefixes({ system, messages: [{ role: "user", content: "Where is order 42?" }] }, 500)!;
    const b = promptPrefixes({ system, messages: [{ role: "user", content: "Cancel order 7" }] }, 500)!;
    assert.equal(a[0]!.boundary, "system");
    assert.equal(a[0]!.hash, b[0]!.hash);
    assert.notEqual(a[1]!.hash, b[1]!.hash);
    const other = promptPrefixes({ system: `${system}!`, messages: [{ role: "user", content: "Where is order 42?" }] }, 500)!;
    assert.notEqual(other[0]!.hash, a[0]!.hash);
  });

  it("finds a conversation's previous prompt as a prefix of its next turn (what a multi-turn cache reuses)", () => {
    const turn1 = [{ role: "user", content: "Summarise this contract: …" }];
    const turn2 = [...turn1, { role: "assistant", content: "It is a lease." }, { role: "user", content: "For how long?" }];
    const first = promptPrefixes({ system, messages: turn1 }, 800)!;
    const second = promptPrefixes({ system, messages: turn2 }, 900)!;
    const whole = first.at(-1)!;
    assert.equal(whole.boundary, "messages:1");
    assert.equal(second.find((x) => x.boundary === "messages:1")!.hash, whole.hash);
    assert.notEqual(second.at(-1)!.hash, whole.hash);
  });

  it("reads an OpenAI chat's leading system and developer messages as its system prompt", () => {
    const p = promptPrefixes(
      {
        messages: [
          { role: "system", content: system },
          { role: "developer", content: "Answer in French." },
          { role: "user", content: "Hi" },
        ],
      },
      300,
    )!;
    assert.deepEqual(
      p.map((x) => x.boundary),
      ["system", "messages:1"],
    );
  });

  it("reads a Responses request's instructions and input", () => {
    const p = promptPrefixes({ model: "gpt-5", instructions: system, input: "Hello" }, 400)!;
    assert.deepEqual(
      p.map((x) => x.boundary),
      ["system", "messages:1"],
    );
    const items = promptPrefixes(
      {
        input: [
          { role: "user", content: "a" },
          { role: "user", content: "b" },
        ],
      },
      10,
    )!;
    assert.deepEqual(
      items.map((x) => x.boundary),
      ["messages:1", "messages:2"],
    );
  });

  it("keeps pieces apart: ['ab','c'] and ['a','bc'] do not hash the same", () => {
    const x = promptPrefixes({ messages: ["ab", "c"] }, 10)!;
    const y = promptPrefixes({ messages: ["a", "bc"] }, 10)!;
    assert.notEqual(x.at(-1)!.hash, y.at(-1)!.hash);
  });

  it("has nothing to say for a request without a prompt, or one billed no prompt tokens", () => {
    assert.equal(promptPrefixes(undefined, 10), undefined);
    assert.equal(promptPrefixes({ model: "gpt-4o" }, 10), undefined);
    assert.equal(promptPrefixes({ messages: [{ role: "user", content: "hi" }] }, 0), undefined);
  });
});

describe("messageBoundaries", () => {
  it("keeps powers of two and the last two, a handful whatever the length", () => {
    assert.deepEqual(messageBoundaries(0), []);
    assert.deepEqual(messageBoundaries(1), [1]);
    assert.deepEqual(messageBoundaries(2), [1, 2]);
    assert.deepEqual(messageBoundaries(10), [1, 2, 4, 8, 9, 10]);
    assert.equal(messageBoundaries(1000).length, 12); // 1…512 (10) + 999 + 1000
  });
});
