// The demo site of a browser test file: the built web app served by a real server on the demo organisation, in a
// database of its own, and a headless Chromium — started before the file's tests and stopped after them.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { type RunningServer, startServer } from "./spawnServer";

export interface DemoSite {
  readonly url: string;
  readonly browser: Browser;
  /** A temporary folder of the file's own (downloads, the database), removed afterwards. */
  readonly dir: string;
}

/** Registers the hooks; the site's url and browser may be used inside tests only. */
export function demoSite(name: string): DemoSite {
  const dir = mkdtempSync(join(tmpdir(), `minyi-${name}-e2e-`));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync("dist/web/index.html"))
      throw new Error("dist/web is not built: run `npm run build` (npm test does)");
    server = await startServer({
      MINYI_DB: join(dir, "demo.duckdb"),
      MINYI_DEMO: "1",
      MINYI_ADMIN_PASSWORD: "admin-e2e-password",
      MINYI_DEMO_PASSWORD: "demo",
      MINYI_WEB_DIST: "dist/web",
    });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const ready = () => {
    if (!server || !browser) throw new Error("the demo site did not start (see beforeAll)");
    return { server, browser };
  };
  return {
    get url() {
      return ready().server.url;
    },
    get browser() {
      return ready().browser;
    },
    dir,
  };
}
