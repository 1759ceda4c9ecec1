// The site of a browser test file: the built web app served by a real server on an environment the file chooses, in
// a temporary folder of its own, and a headless Chromium — started before the file's tests and stopped after them.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { type RunningServer, startServer } from "./spawnServer";

export interface BrowserSite {
  readonly url: string;
  readonly browser: Browser;
  /** A temporary folder of the file's own (downloads, the database), removed afterwards. */
  readonly dir: string;
}

/**
 * Registers the hooks; the site's url and browser may be used inside tests only. `environment` prepares what the
 * server needs in `dir` (a database, accounts) and gives its environment variables; MINYI_WEB_DIST is added.
 */
export function browserSite(
  name: string,
  environment: (dir: string) => Record<string, string> | Promise<Record<string, string>>,
): BrowserSite {
  const dir = mkdtempSync(join(tmpdir(), `minyi-${name}-e2e-`));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync("dist/web/index.html"))
      throw new Error("dist/web is not built: run `npm run build` (npm test does)");
    server = await startServer({ ...(await environment(dir)), MINYI_WEB_DIST: "dist/web" });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const ready = () => {
    if (!server || !browser) throw new Error("the site did not start (see beforeAll)");
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
