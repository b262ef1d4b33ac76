import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

test("no module of the public surface imports gpt-tokenizer statically", () => {
  const modules = readdirSync(here).filter((f) => f.endsWith(".js") && !f.includes(".test.") && !f.includes(".fixture."));
  assert.ok(modules.includes("index.js") && modules.includes("encodings.js"));
  for (const file of modules) {
    const source = readFileSync(join(here, file), "utf8");
    // static forms: `import ... from "gpt-tokenizer..."`, `import "gpt-tokenizer..."`, `export ... from`
    assert.doesNotMatch(source, /^\s*(?:import|export)\b[^;(]*["']gpt-tokenizer/m, file);
    assert.doesNotMatch(source, /^\s*(?:import|export)\b[^;(]*["']tiktoken/m, file);
  }
});

test("importing index loads no tokenizer; the first count loads one encoding", () => {
  // a resolve hook in a fresh process reports every gpt-tokenizer module that gets loaded
  const hook = `
    let port;
    export function initialize(data) { port = data.port; }
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      if (result.url.includes("/gpt-tokenizer/")) port.postMessage(result.url);
      return result;
    }`;
  const script = `
    import { register } from "node:module";
    import { MessageChannel } from "node:worker_threads";
    const { port1, port2 } = new MessageChannel();
    const seen = [];
    port1.on("message", (url) => seen.push(url));
    register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}), import.meta.url, { data: { port: port2 }, transferList: [port2] });
    const settle = () => new Promise((r) => setTimeout(r, 100));
    const tokens = await import(${JSON.stringify(pathToFileURL(join(here, "index.js")).href)});
    await settle();
    const afterImport = seen.length;
    const n = await tokens.countTokens("hello world", "cl100k_base");
    await settle();
    port1.close();
    console.log(JSON.stringify({ afterImport, afterCount: seen, n }));`;
  const out = execFileSync(process.execPath, ["--no-warnings", "--input-type=module", "-e", script], { encoding: "utf8" });
  const { afterImport, afterCount, n } = JSON.parse(out) as { afterImport: number; afterCount: string[]; n: number };
  assert.equal(afterImport, 0);
  assert.equal(n, 2);
  assert.ok(
    afterCount.some((url) => url.endsWith("/encoding/cl100k_base.js")),
    afterCount.join("\n"),
  );
  // gpt-tokenizer's shared code loads every encoding's (tiny) regex params, but only one vocabulary
  assert.ok(afterCount.some((url) => url.endsWith("/bpeRanks/cl100k_base.js")));
  assert.ok(!afterCount.some((url) => /\/bpeRanks\/(?!cl100k)/.test(url)), "only the requested vocabulary loads");
});

test("the public surface", async () => {
  const api = await import("./index.js");
  for (const name of [
    "loadEncoding",
    "countTokens",
    "encodingForModel",
    "countChatTokens",
    "countChatWith",
    "countToolTokens",
    "openAIImageTokens",
    "countForModel",
    "countPrompt",
    "familyForModel",
    "estimateFromBase",
    "TOKENIZER_FAMILIES",
    "MODEL_FAMILIES",
  ]) {
    assert.ok(name in api, name);
  }
});
