import { raw } from "hono/html";
import type { Child, FC } from "hono/jsx";
import { assetUrl } from "../assets.ts";

/**
 * The HTML document every full page shares. No inline scripts or styles (the gateway's CSP is
 * `script-src 'self'; style-src 'self'`): one stylesheet, htmx and its SSE extension from
 * node_modules (at the end of the body), and app.js for the few behaviours htmx doesn't cover.
 */
export const Document: FC<{ title: string; bodyClass?: string; children?: Child }> = ({ title, bodyClass, children }) => (
  <>
    {raw("<!doctype html>")}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="theme-color" content="#047857" />
        {/* htmx's own indicator CSS is injected from script; the stylesheet provides it instead. */}
        <meta name="htmx-config" content='{"includeIndicatorCSS": false}' />
        <title>{title === "Mint" ? "Mint" : `${title} · Mint`}</title>
        <link rel="icon" href={assetUrl("favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrl("app.css")} />
        <script src={assetUrl("app.js")} defer></script>
      </head>
      <body class={bodyClass}>
        {children}
        {/*
          htmx and its SSE extension run as the parser reaches them, while the document is still
          loading, so htmx waits for DOMContentLoaded to process the page and the extension is
          registered by then. Deferred, htmx would start on a timer that can fire before a slower
          extension script has run, and the page would never open its live connection.
        */}
        <script src={assetUrl("htmx.js")}></script>
        <script src={assetUrl("hx-sse.js")}></script>
      </body>
    </html>
  </>
);
