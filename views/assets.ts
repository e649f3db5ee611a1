import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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

/**
 * The stylesheet and the script are each one file for the browser, written as several: the base
 * (static/app.css, static/app.js) followed by one file per page area (static/css/*.css,
 * static/js/*.js, in name order), so each area keeps its own styles and behaviour beside the others.
 */
function bundle(base: string, folder: string, extension: string): Uint8Array {
  const dir = local(folder);
  const parts = [local(base), ...(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(extension)).sort().map((f) => join(dir, f)) : [])];
  return new TextEncoder().encode(parts.map((path) => readFileSync(path, "utf8")).join("\n"));
}

const SOURCES: { name: string; contentType: string; read: () => Uint8Array }[] = [
  { name: "app.css", contentType: "text/css; charset=utf-8", read: () => bundle("app.css", "css", ".css") },
  { name: "app.js", contentType: "text/javascript; charset=utf-8", read: () => bundle("app.js", "js", ".js") },
  { name: "favicon.svg", contentType: "image/svg+xml", read: () => readFileSync(local("favicon.svg")) },
  { name: "htmx.js", contentType: "text/javascript; charset=utf-8", read: () => readFileSync(fromPackage("htmx.org/dist/htmx.min.js")) },
  { name: "hx-sse.js", contentType: "text/javascript; charset=utf-8", read: () => readFileSync(fromPackage("htmx.org/dist/ext/hx-sse.min.js")) },
];

function load(): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const source of SOURCES) {
    const body = new Uint8Array(source.read());
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
