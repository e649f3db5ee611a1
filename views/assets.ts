import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The static files the pages load. Each is read once at start-up, fingerprinted, and referenced by
 * a versioned URL (`/static/app.css?v=<hash>`) so browsers can cache it for a year and still pick
 * up a new version right after a deploy. htmx comes from node_modules, never a CDN.
 */
export interface StaticAsset {
  /** Name under /static/. */
  name: string;
  contentType: string;
  body: Uint8Array;
  /** Short content hash, used as ETag and as the `v` query parameter. */
  hash: string;
  /** URL to put in pages. */
  url: string;
}

const local = (file: string) => fileURLToPath(new URL(`./static/${file}`, import.meta.url));
const fromPackage = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));

const SOURCES: { name: string; contentType: string; path: () => string }[] = [
  { name: "app.css", contentType: "text/css; charset=utf-8", path: () => local("app.css") },
  { name: "app.js", contentType: "text/javascript; charset=utf-8", path: () => local("app.js") },
  { name: "favicon.svg", contentType: "image/svg+xml", path: () => local("favicon.svg") },
  { name: "htmx.js", contentType: "text/javascript; charset=utf-8", path: () => fromPackage("htmx.org/dist/htmx.min.js") },
  { name: "hx-sse.js", contentType: "text/javascript; charset=utf-8", path: () => fromPackage("htmx.org/dist/ext/hx-sse.min.js") },
];

function load(): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const source of SOURCES) {
    const body = new Uint8Array(readFileSync(source.path()));
    const hash = new Bun.CryptoHasher("sha256").update(body).digest("hex").slice(0, 12);
    assets.set(source.name, { name: source.name, contentType: source.contentType, body, hash, url: `/static/${source.name}?v=${hash}` });
  }
  return assets;
}

export const STATIC_ASSETS: ReadonlyMap<string, StaticAsset> = load();

/** The versioned URL of a static file. */
export function assetUrl(name: "app.css" | "app.js" | "favicon.svg" | "htmx.js" | "hx-sse.js"): string {
  return STATIC_ASSETS.get(name)?.url ?? `/static/${name}`;
}
