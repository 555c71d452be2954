/**
 * report.html in a real browser: Debian's Chromium, which .ci/run installs. Skipped where it is
 * absent, except when HEAVYTAILS_REQUIRE_BROWSER=1 (set by .ci/run): then a missing Chromium is a
 * failure, so CI cannot pass without having run this test.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFigures } from "../src/run.js";

const CHROMIUM = "/usr/bin/chromium";
/** No network here: keep Chromium from trying to reach its services, with a fresh profile. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const REQUIRED = process.env.HEAVYTAILS_REQUIRE_BROWSER === "1";
const PRESENT = existsSync(CHROMIUM);

describe.runIf(REQUIRED && !PRESENT)("headless Chromium required (HEAVYTAILS_REQUIRE_BROWSER=1)", () => {
  it(`${CHROMIUM} exists`, () => {
    expect.fail(`HEAVYTAILS_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: the browser test of report.html cannot run (install Debian's chromium)`);
  });
});

describe.skipIf(!PRESENT)("report.html in headless Chromium", () => {
  it("loads, shows every figure image and the claim table", async () => {
    const out = mkdtempSync(join(tmpdir(), "figures-browser-"));
    const s = await runFigures({ ids: ["6"], preset: "tiny", outDir: out, log: () => {} });
    const profile = mkdtempSync(join(tmpdir(), "figures-chromium-"));
    const dom = execFileSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom", `file://${s.reportPath}`], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "ignore"] });
    expect(dom).toContain("<table>");
    expect(dom).toContain('src="6/figure.svg"');
    const png = join(out, "shot.png");
    execFileSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, `--screenshot=${png}`, "--window-size=1200,2000", `file://${s.reportPath}`], { timeout: 60_000, stdio: "ignore" });
    expect(existsSync(png)).toBe(true);
  }, 120_000);
});
