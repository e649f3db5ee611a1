import type { Child, FC } from "hono/jsx";
import { Icon } from "../components/icons.tsx";
import { Document } from "./document.tsx";

/** A centred card for whole-page outcomes: not found, errors, service unavailable. */
export const StatusLayout: FC<{ title: string; children?: Child }> = ({ title, children }) => (
  <Document title={title} bodyClass="status-body">
    <main class="status-page">
      <a href="/" class="brand">
        <span class="brand-mark">
          <Icon name="leaf" />
        </span>
        <span class="brand-name">Mint</span>
      </a>
      <div class="status-card">{children}</div>
    </main>
  </Document>
);
