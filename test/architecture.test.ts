/**
 * The import rules of `npm run lint` (.dependency-cruiser.cjs) catch what they are there for: a
 * scratch tree that breaks each rule on purpose is cruised with the project's own configuration,
 * and every broken rule must be reported. (The real tree is checked by `npm run lint` itself.)
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { cruise, type IConfiguration } from "dependency-cruiser";

const root = fileURLToPath(new URL("../../", import.meta.url));
const config = createRequire(import.meta.url)(join(root, ".dependency-cruiser.cjs")) as IConfiguration;

const scratch = mkdtempSync(join(tmpdir(), "tokenomics-architecture-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function file(path: string, text: string): void {
  mkdirSync(dirname(join(scratch, path)), { recursive: true });
  writeFileSync(join(scratch, path), text);
}

async function violations(): Promise<Set<string>> {
  const result = await cruise(["src"], { ...config.options, ruleSet: { forbidden: config.forbidden ?? [] }, baseDir: scratch, validate: true });
  const output = result.output;
  assert.ok(typeof output !== "string");
  return new Set(output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`));
}

describe("architecture rules (npm run lint)", () => {
  it("report every rule broken on purpose, naming the files", async () => {
    file("src/ledger/store.ts", "export const store = 1;\n");
    file(
      "src/pricing/rate.ts",
      'import { store } from "../ledger/store.js";\nimport { readFileSync } from "node:fs";\nexport const rate = store + readFileSync.length;\n',
    );
    file("src/shared/a.ts", 'import { b } from "./b.js";\nexport const a = () => b;\n');
    file("src/shared/b.ts", 'import type { a } from "./a.js";\nexport const b = 1 as unknown as typeof a;\n');
    file("src/shared/c.ts", 'import { rate } from "../pricing/rate.js";\nexport const c = rate;\n');
    file("src/cli/filters.ts", "export const filter = 1;\n");
    file("src/server/api.ts", 'import { filter } from "../cli/filters.js";\nexport const api = filter;\n');
    file("src/server/http-store.ts", "export const client = 1;\n");
    file("src/cli/ledger.ts", 'import { client } from "../server/http-store.js";\nexport const l = client;\n');
    file("src/ingest/pipeline.ts", 'import { api } from "../server/api.js";\nexport const p = api;\n');
    file("src/gateway/testing/simulator.ts", "export const sim = 1;\n");
    file("src/gateway/proxy.ts", 'import { sim } from "./testing/simulator.js";\nexport const proxy = sim;\n');
    const found = await violations();
    const expected = [
      "domain-is-pure: src/pricing/rate.ts → src/ledger/store.ts",
      "domain-does-no-io: src/pricing/rate.ts → fs",
      "no-cycles: src/shared/a.ts → src/shared/b.ts",
      "shared-is-a-leaf: src/shared/c.ts → src/pricing/rate.ts",
      "only-bin-runs-the-cli: src/server/api.ts → src/cli/filters.ts",
      "cli-uses-no-server-code: src/cli/ledger.ts → src/server/http-store.ts",
      "adapters-use-no-interfaces: src/ingest/pipeline.ts → src/server/api.ts",
      "product-ships-no-test-code: src/gateway/proxy.ts → src/gateway/testing/simulator.ts",
    ];
    for (const v of expected) assert.ok(found.has(v), `missing ${v}; found:\n${[...found].join("\n")}`);
  });
});
