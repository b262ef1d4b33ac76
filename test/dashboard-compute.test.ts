/**
 * The Compute page in headless Chromium against `tokenomics serve`: every figure it shows is
 * /api/compute/cost's and /api/compute/breakeven's for the same choices, the chart plots the
 * break-even curve the API returned, and a choice changes the URL and the figures.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { ComputeBreakeven, ComputeCost } from "../src/server/api-types.js";
import { launch, openPage, ready } from "./support/browser.js";
import { chromiumForTests } from "./support/chromium.js";
import { type DemoServer, startDemoServer } from "./support/dashboard-server.js";

const chromium = chromiumForTests();
const executable = "path" in chromium ? chromium.path : "";

describe("Compute page in headless Chromium", { skip: "skip" in chromium ? chromium.skip : false }, () => {
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

  const figure = (page: Page, name: string): Promise<string | null> => page.getByTestId(`compute-${name}`).getAttribute("data-value");

  async function figuresMatch(page: Page, cost: ComputeCost, breakeven: ComputeBreakeven): Promise<void> {
    assert.equal(await figure(page, "flops"), String(cost.flops_per_token));
    assert.equal(await figure(page, "kv-bytes"), String(cost.kv_bytes_per_token));
    assert.equal(await figure(page, "prefill"), String(cost.prefill_tokens_per_second));
    assert.equal(await figure(page, "decode"), String(cost.decode_tokens_per_second));
    assert.equal(await figure(page, "tps"), String(cost.tokens_per_second_used));
    assert.equal(await figure(page, "joules"), String(cost.joules_per_token));
    assert.equal(await figure(page, "usd-per-million"), cost.usd_per_million_tokens);
    assert.equal(await figure(page, "breakeven-utilization"), breakeven.breakeven_utilization ?? "");
    assert.deepEqual(JSON.parse((await page.getByTestId("chart-breakeven").getAttribute("data-points")) ?? "null"), breakeven.curve);
  }

  it("shows /api/compute's figures and break-even curve, and follows a change of GPU count and price", async () => {
    const p = await openPage(browser);
    try {
      await p.page.goto(`${server.url}/compute?token=${server.token}`);
      await ready(p.page, "compute");
      const q = "model=llama-3.1-70b&gpu=h100-sxm&gpus=2&precision=fp8";
      await figuresMatch(
        p.page,
        await server.api<ComputeCost>(`/api/compute/cost?${q}`),
        await server.api<ComputeBreakeven>(`/api/compute/breakeven?${q}&against=gpt-4o`),
      );
      // Llama 3.1 70B in fp8: 2×80×8×128×1
      assert.equal(await figure(p.page, "kv-bytes"), "163840");

      await p.page.locator('input[name="gpus"]').fill("4");
      await p.page.locator('input[name="gpus"]').press("Enter");
      await p.page.waitForURL((u) => u.searchParams.get("gpus") === "4");
      await p.page.locator('input[name="gpu_price"]').fill("2");
      await p.page.locator('input[name="gpu_price"]').press("Enter");
      await p.page.waitForURL((u) => u.searchParams.get("gpu_price") === "2");
      await ready(p.page, "compute");
      const q4 = "model=llama-3.1-70b&gpu=h100-sxm&gpus=4&precision=fp8&gpu_price=2";
      const cost = await server.api<ComputeCost>(`/api/compute/cost?${q4}`);
      await p.page.locator(`[data-testid="compute-usd-per-million"][data-value="${cost.usd_per_million_tokens}"]`).waitFor();
      await ready(p.page, "compute");
      await figuresMatch(p.page, cost, await server.api<ComputeBreakeven>(`/api/compute/breakeven?${q4}&against=gpt-4o`));
      assert.equal(cost.usd_per_hour, "8");
      assert.deepEqual(p.problems, [], "no console errors or warnings, page errors or failed requests");
    } finally {
      await p.close();
    }
  });
});
