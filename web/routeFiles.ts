// Which built files a route of the SPA can load, read from Vite's build manifest: the entry with its static
// imports, then the given lazy pages with everything they import or load lazily. Used at build time only (the
// kiosk's precache list in vite.config.ts, the fill-page size bench); it never reaches the browser.

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/** Other pages' chunks are dynamic imports of the entry and are not followed; a missing page is a renamed route. */
export function routeFiles(manifest: Manifest, pages: readonly string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string, followLazy: boolean) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const next of chunk.imports ?? []) visit(next, followLazy);
    if (followLazy) for (const next of chunk.dynamicImports ?? []) visit(next, true);
  };
  visit("index.html", false);
  for (const page of pages) {
    if (!manifest[page]) throw new Error(`the manifest has no ${page}: was the route renamed?`);
    visit(page, true);
  }
  return files;
}
