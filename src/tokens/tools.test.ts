import { test } from "node:test";
import assert from "node:assert/strict";
import { loadEncoding } from "./encodings.js";
import { WEATHER_TOOLS } from "./cookbook.fixture.js";
import { countToolTokens, GPT_4_TOOL_CONSTANTS, GPT_4O_TOOL_CONSTANTS, toolRuleFor, type ToolDefinition } from "./tools.js";

test("cookbook tool example, gpt-4o constants: 68 tokens", async () => {
  const o200k = await loadEncoding("o200k_base");
  // func_init 7
  // + "get_current_weather:Get the current weather in a given location" 11
  // + prop_init 3
  // + prop_key 3 + "location:string:The city and state, e.g. San Francisco, CA" 14
  // + prop_key 3 + enum_init -3 + (enum_item 3 + "celsius" 2) + (3 + "fahrenheit" 2)
  //   + "unit:string:The unit of temperature to return" 8
  // + func_end 12
  // = 7 + 11 + 3 + 17 + 3 - 3 + 5 + 5 + 8 + 12 = 68
  assert.equal(o200k.count("get_current_weather:Get the current weather in a given location"), 11);
  assert.equal(o200k.count("location:string:The city and state, e.g. San Francisco, CA"), 14);
  assert.equal(o200k.count("unit:string:The unit of temperature to return"), 8);
  const result = countToolTokens(o200k, WEATHER_TOOLS, GPT_4O_TOOL_CONSTANTS);
  assert.deepEqual(result, { tokens: 68, approximations: [], uncounted: [] });
});

test("cookbook tool example, gpt-4 constants on cl100k: 71 tokens (func_init 10, same lines)", async () => {
  const cl100k = await loadEncoding("cl100k_base");
  assert.equal(countToolTokens(cl100k, WEATHER_TOOLS, GPT_4_TOOL_CONSTANTS).tokens, 71);
});

test("the Responses API's flat function shape counts the same", async () => {
  const o200k = await loadEncoding("o200k_base");
  const nested = WEATHER_TOOLS[0] as { type: "function"; function: object };
  const flat = [{ type: "function", ...nested.function }] as ToolDefinition[];
  assert.equal(countToolTokens(o200k, flat, GPT_4O_TOOL_CONSTANTS).tokens, 68);
});

test("built-in tools are left uncounted; func_end needs at least one function", async () => {
  const o200k = await loadEncoding("o200k_base");
  assert.deepEqual(countToolTokens(o200k, [{ type: "web_search" }], GPT_4O_TOOL_CONSTANTS), { tokens: 0, approximations: [], uncounted: [0] });
  // a function without parameters: 7 + "ping:" (2) + 12
  const ping = countToolTokens(o200k, [{ type: "function", function: { name: "ping" } }], GPT_4O_TOOL_CONSTANTS);
  assert.equal(ping.tokens, 7 + o200k.count("ping:") + 12);
});

test("nested schemas and union types are flagged as approximations", async () => {
  const o200k = await loadEncoding("o200k_base");
  const tools: ToolDefinition[] = [
    {
      type: "function",
      function: {
        name: "f",
        parameters: { properties: { a: { type: "object", properties: { b: { type: "string" } } }, c: { type: ["string", "null"] } } },
      },
    },
  ];
  const result = countToolTokens(o200k, tools, GPT_4O_TOOL_CONSTANTS);
  assert.equal(result.approximations.length, 2);
});

test("constants by model family", () => {
  assert.deepEqual(toolRuleFor("gpt-4o-mini"), { constants: GPT_4O_TOOL_CONSTANTS, verified: true });
  assert.deepEqual(toolRuleFor("gpt-4"), { constants: GPT_4_TOOL_CONSTANTS, verified: true });
  assert.deepEqual(toolRuleFor("gpt-3.5-turbo-0125"), { constants: GPT_4_TOOL_CONSTANTS, verified: true });
  assert.deepEqual(toolRuleFor("gpt-4-turbo"), { constants: GPT_4_TOOL_CONSTANTS, verified: false });
  assert.deepEqual(toolRuleFor("gpt-5"), { constants: GPT_4O_TOOL_CONSTANTS, verified: false });
});
