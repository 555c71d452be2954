/** report.html in a real browser: Debian's Chromium, which .ci/run installs (skipped where it is absent). */
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

describe.skipIf(!existsSync(CHROMIUM))("report.html in headless Chromium", () => {
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
