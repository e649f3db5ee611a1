import type { Mail } from "../../shared/mail.ts";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string, action?: { label: string; url: string }): string {
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 20px;background:#059669;color:#fff;border-radius:8px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="color:#6b7280;font-size:13px">Or paste this link into your browser: ${escapeHtml(action.url)}</p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827;max-width:560px;margin:auto;padding:24px"><h2 style="color:#059669">Mint</h2><h3>${escapeHtml(title)}</h3>${body}${button}</body></html>`;
}

const greet = (name: string | null) => `Hi ${name ?? "there"},`;

export function verificationMail(to: string, name: string | null, url: string, ttlHours: number): Mail {
  return {
    to,
    subject: "Verify your e-mail address",
    text: `${greet(name)}\n\nConfirm your e-mail address for Mint by opening this link:\n${url}\n\nThe link expires in ${ttlHours} hours.`,
    html: layout("Verify your e-mail address", `<p>${escapeHtml(greet(name))}</p><p>Confirm your e-mail address to unlock transfers and higher limits. The link expires in ${ttlHours} hours.</p>`, { label: "Verify e-mail", url }),
  };
}

export function welcomeMail(to: string, name: string | null): Mail {
  return {
    to,
    subject: "Welcome to Mint",
    text: `${greet(name)}\n\nYour e-mail is verified. You can now send and receive money, track your spending and set budgets.`,
    html: layout("Welcome to Mint", `<p>${escapeHtml(greet(name))}</p><p>Your e-mail is verified. You can now:</p><ul><li>Send and receive money</li><li>Track your spending</li><li>Set monthly budgets</li></ul>`),
  };
}

export function passwordResetMail(to: string, name: string | null, url: string, ttlMinutes: number): Mail {
  return {
    to,
    subject: "Reset your Mint password",
    text: `${greet(name)}\n\nSomeone asked to reset your Mint password. If it was you, open this link within ${ttlMinutes} minutes:\n${url}\n\nIf it was not you, ignore this e-mail; your password stays as it is.`,
    html: layout("Reset your password", `<p>${escapeHtml(greet(name))}</p><p>Someone asked to reset your Mint password. The link is valid for ${ttlMinutes} minutes.</p><p style="background:#fef3c7;padding:12px;border-radius:8px">If this was not you, ignore this e-mail: your password stays as it is.</p>`, { label: "Choose a new password", url }),
  };
}

export function passwordChangedMail(to: string, name: string | null): Mail {
  return {
    to,
    subject: "Your Mint password was changed",
    text: `${greet(name)}\n\nYour password was just changed and every other session was signed out. If this was not you, reset your password at once.`,
    html: layout("Your password was changed", `<p>${escapeHtml(greet(name))}</p><p>Your password was just changed and your other sessions were signed out. If this was not you, reset your password at once.</p>`),
  };
}
