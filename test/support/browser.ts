/**
 * Headless Chromium pages for the dashboard's tests: every console error or warning, uncaught
 * page error and failed request is collected, and a test fails on any of them. Screenshots go to
 * docs/screenshots/ when UPDATE_SCREENSHOTS=1.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const VIEWPORT = { width: 1280, height: 800 };
const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

export function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ["--disable-gpu", "--font-render-hinting=none"] });
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** console errors and warnings, page errors and failed requests, in order */
  problems: string[];
  close(): Promise<void>;
}

/** a page in its own context (fresh storage, cold cache), watched for problems */
export async function openPage(browser: Browser): Promise<TestPage> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    colorScheme: "light",
    reducedMotion: "reduce",
    locale: "en-US",
    timezoneId: "UTC",
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`console.${msg.type()}: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.stack ?? err.message}`));
  page.on("requestfailed", (req) => {
    // a navigation away aborts requests still in flight: not a fault of the page
    if (req.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return { page, context, problems, close: () => context.close() };
}

/** wait for a dashboard page's root to say it has loaded */
export async function ready(page: Page, name: string, timeout = 10_000): Promise<void> {
  await page.locator(`[data-page="${name}"][data-ready="true"]`).waitFor({ state: "attached", timeout });
}

export function updatingScreenshots(): boolean {
  return process.env.UPDATE_SCREENSHOTS === "1" || process.env.UPDATE_SCREENSHOTS === "true";
}

/** docs/screenshots/<name>.png at 1280×800, when UPDATE_SCREENSHOTS=1; after charts settle */
export async function screenshot(page: Page, name: string): Promise<string | undefined> {
  if (!updatingScreenshots()) return undefined;
  mkdirSync(SCREENSHOTS, { recursive: true });
  // the top of the page, nothing focused, fonts loaded, charts done resizing
  await page.evaluate(async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    await document.fonts.ready;
  });
  await page.waitForTimeout(500);
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, animations: "disabled", caret: "hide" });
  return path;
}

/** retry an assertion until it holds (the page re-renders after a URL change), or throw its last failure */
export async function eventually(check: () => Promise<void>, timeout = 5_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
