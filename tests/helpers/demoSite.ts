// The demo site of a browser test file: the built web app served by a real server on the demo organisation, in a
// database of its own, and a headless Chromium — started before the file's tests and stopped after them.
import { join } from "node:path";
import { type BrowserSite, browserSite } from "./browserSite";

export type DemoSite = BrowserSite;

/** Registers the hooks; the site's url and browser may be used inside tests only. */
export function demoSite(name: string): DemoSite {
  return browserSite(name, (dir) => ({
    MINYI_DB: join(dir, "demo.duckdb"),
    MINYI_DEMO: "1",
    MINYI_ADMIN_PASSWORD: "admin-e2e-password",
    MINYI_DEMO_PASSWORD: "demo",
  }));
}
