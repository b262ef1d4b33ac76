/**
 * What `npm publish` would ship: the CLI, the compiled product and the dashboard, and none of the
 * test code (compiled tests, simulators, fixtures, synthesisers, shared case suites).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the published package", () => {
  it("holds the CLI and the product, and no test code", () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const packed = JSON.parse(execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" })) as {
      files: { path: string }[];
    }[];
    const files = packed[0]!.files.map((f) => f.path);
    for (const needed of ["bin/tokenomics.js", "dist/src/cli/main.js", "dist/src/index.js", "dist/web/index.html"])
      assert.ok(files.includes(needed), `${needed} is not in the package`);
    const testCode = files.filter((f) => /(^|\/)(testing|fixtures)\/|\.test\.|\.case\.|\.fixture\.|-synth\.|^dist\/(test|bench|web-tests)\//.test(f));
    assert.deepEqual(testCode, [], "test code in the package");
  });
});
