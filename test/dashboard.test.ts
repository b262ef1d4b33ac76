/**
 * The dashboard in a real browser: Debian's chromium, headless, driven by playwright-core, against
 * `tokenomics serve` on a demo ledger. Numbers on the pages are checked against the HTTP API.
 * UPDATE_SCREENSHOTS=1 also writes docs/screenshots/*.png.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { LedgerRange } from "../src/server/api-types.js";
import { launch, openPage } from "./support/browser.js";
import { chromiumForTests } from "./support/chromium.js";
import { DEMO, startDemoServer, type DemoServer } from "./support/dashboard-server.js";

const chromium = chromiumForTests();
const executable = "path" in chromium ? chromium.path : "";

describe("dashboard in headless Chromium against a demo ledger", { skip: "skip" in chromium ? chromium.skip : false }, () => {
  if ("error" in chromium) {
    it("finds Debian's chromium to run the dashboard tests in", () => assert.fail(chromium.error));
    return;
  }
  let server: DemoServer;
  let browser: Browser;
  before(async () => {
    [server, browser] = await Promise.all([startDemoServer(), launch(executable)]);
  });
  after(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it("smoke: headless Chromium reaches tokenomics serve on the demo ledger and loads /", async () => {
    const range = await server.api<LedgerRange>("/api/range");
    assert.ok(range.events > 20_000, `the demo month holds ~25k calls, got ${range.events}`);
    assert.equal(range.last?.slice(0, 10), DEMO.end);
    const { page, close } = await openPage(browser);
    try {
      const res = await page.goto(`${server.url}/?token=${server.token}`);
      assert.ok(res, "a response to /");
      assert.ok(res.status() === 200 || /not built/.test(await res.text()), `GET / answered ${res.status()}`);
      const seen = await page.evaluate(async (token) => (await fetch("/api/range", { headers: { authorization: `Bearer ${token}` } })).json(), server.token);
      assert.deepEqual(seen, range);
    } finally {
      await close();
    }
  });
});
