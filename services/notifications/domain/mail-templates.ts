import { formatCents, percentOf } from "./money.ts";

/** The e-mails the service sends, each with what it needs to be written. Amounts are cents. */
export type MailRequest =
  | { template: "transfer-sent"; vars: { amount: number; description: string | null; transactionId: string; counterparty: string | null } }
  | { template: "transfer-received"; vars: { amount: number; description: string | null; transactionId: string; counterparty: string | null } }
  | { template: "kyc-approved"; vars: Record<string, never> }
  | { template: "kyc-rejected"; vars: { reason: string } }
  | { template: "budget-warning"; vars: { category: string; used: number; limit: number; percent: number } }
  | { template: "budget-exceeded"; vars: { category: string; used: number; limit: number } };

export type MailTemplate = MailRequest["template"];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Whatever reaches the HTML came from users (descriptions, names) or other services: escape it all. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const categoryName = (category: string) => category.charAt(0) + category.slice(1).toLowerCase();

interface Body {
  heading: string;
  /** Paragraphs of plain text. */
  paragraphs: string[];
  /** Label/value rows shown as a small table. */
  facts?: [string, string][];
  /** Progress bar percentage (budget mails). */
  progress?: number;
  link: { label: string; path: string };
}

function layout(subject: string, b: Body, baseUrl: string): RenderedMail {
  const url = `${baseUrl.replace(/\/+$/, "")}${b.link.path}`;
  const facts = b.facts ?? [];
  const text = [
    b.heading,
    "",
    ...b.paragraphs.flatMap((p) => [p, ""]),
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(facts.length ? [""] : []),
    `${b.link.label}: ${url}`,
    "",
    "— Mint",
  ].join("\n");
  const bar =
    b.progress === undefined
      ? ""
      : `<div style="background:#eee;border-radius:4px;height:8px;margin:16px 0"><div style="background:${b.progress >= 100 ? "#c0392b" : "#e67e22"};width:${Math.min(b.progress, 100)}%;height:8px;border-radius:4px"></div></div>`;
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#222;max-width:560px;margin:auto">`,
    `<h1 style="font-size:20px">${escapeHtml(b.heading)}</h1>`,
    ...b.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    bar,
    facts.length ? `<table style="border-collapse:collapse">${facts.map(([k, v]) => `<tr><td style="padding:2px 12px 2px 0;color:#666">${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join("")}</table>` : "",
    `<p><a href="${escapeHtml(url)}">${escapeHtml(b.link.label)}</a></p>`,
    `<p style="color:#888;font-size:12px">Mint</p></body></html>`,
  ].join("");
  return { subject, text, html };
}

/** Subject, plain text and HTML of one e-mail; links point at the web pages under baseUrl. */
export function renderMail(req: MailRequest, baseUrl: string): RenderedMail {
  switch (req.template) {
    case "transfer-sent": {
      const v = req.vars;
      const amount = formatCents(v.amount);
      return layout(`Transfer Sent - ${amount}`, {
        heading: "Transfer Sent",
        paragraphs: [`You sent ${amount}${v.counterparty ? ` to ${v.counterparty}` : ""}.`, "If you didn't make this transfer, contact support right away."],
        facts: [["Amount", amount], ...(v.description ? [["Description", v.description] as [string, string]] : []), ["Transaction", v.transactionId]],
        link: { label: "View transaction", path: `/transactions/${encodeURIComponent(v.transactionId)}` },
      }, baseUrl);
    }
    case "transfer-received": {
      const v = req.vars;
      const amount = formatCents(v.amount);
      return layout(`Transfer Received - ${amount}`, {
        heading: "Money Received",
        paragraphs: [`You received ${amount}${v.counterparty ? ` from ${v.counterparty}` : ""}. It is already in your wallet.`],
        facts: [["Amount", amount], ...(v.description ? [["Description", v.description] as [string, string]] : []), ["Transaction", v.transactionId]],
        link: { label: "View transaction", path: `/transactions/${encodeURIComponent(v.transactionId)}` },
      }, baseUrl);
    }
    case "kyc-approved":
      return layout("Identity Verified - Mint", {
        heading: "Identity Fully Verified",
        paragraphs: ["Your identity has been verified. Your account now has:", "• the highest transfer limits\n• higher deposit limits\n• every Mint feature"],
        link: { label: "See your limits", path: "/kyc" },
      }, baseUrl);
    case "kyc-rejected":
      return layout("Action Required - Identity Verification", {
        heading: "Verification Unsuccessful",
        paragraphs: [
          `We could not verify your identity. Reason: ${req.vars.reason}`,
          "Before you submit again: make sure the document is valid and not expired; take the photo in good light with all four corners visible; and make sure your selfie clearly shows your face.",
        ],
        link: { label: "Submit your documents again", path: "/kyc" },
      }, baseUrl);
    case "budget-warning": {
      const v = req.vars;
      const category = categoryName(v.category);
      const left = v.limit - v.used;
      return layout(`Budget Warning - ${category}`, {
        heading: `Budget at ${v.percent}%`,
        paragraphs: [`You've used ${v.percent}% of your ${category} budget this month.`, left > 0 ? `${formatCents(left)} left until the limit.` : "You have reached the limit."],
        facts: [["Spent", formatCents(v.used)], ["Budget", formatCents(v.limit)]],
        progress: v.percent,
        link: { label: "Review your budgets", path: "/analytics" },
      }, baseUrl);
    }
    case "budget-exceeded": {
      const v = req.vars;
      const category = categoryName(v.category);
      return layout(`Budget Exceeded - ${category}`, {
        heading: `${category} budget exceeded`,
        paragraphs: [`You've spent more than your ${category} budget this month.`],
        facts: [["Spent", formatCents(v.used)], ["Budget", formatCents(v.limit)], ["Over by", formatCents(Math.max(v.used - v.limit, 0))]],
        progress: percentOf(v.used, v.limit),
        link: { label: "Review your budgets", path: "/analytics" },
      }, baseUrl);
    }
  }
}
