// Prints a page of this server to an A4 PDF with headless Chromium (Debian's, as in the browser tests), as the
// given session. It knows nothing of reports: it opens a URL, waits for the page to say it is ready, and prints.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { ApiError } from "../errors";

export const chromiumPath = () => process.env.MINYI_CHROMIUM ?? "/usr/bin/chromium";

export async function renderPdf(url: string, session: { name: string; value: string }): Promise<Uint8Array> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new ApiError(
      503,
      "pdf_unavailable",
      `PDF reports need Chromium at ${executablePath} (apt-get install chromium, or set MINYI_CHROMIUM). The printable page works without it.`,
    );
  }
  const browser = await chromium.launch({
    executablePath,
    // As root in a container: no sandbox; and no background traffic to hosts this server cannot reach.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
    // For the whole site (path /), not only the printed page's directory: the page calls /api/ as this session.
    await context.addCookies([{ ...session, url: new URL(url).origin, httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "networkidle", timeout: 60_000 });
    await page.locator("[data-report-ready]").waitFor({ timeout: 60_000 });
    return new Uint8Array(await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true }));
  } finally {
    await browser.close();
  }
}
