/**
 * The verification page as a person reads it: what each tier allows and where they stand, what
 * the review is doing, and what is left to upload. Pure: the route passes the API's answers in.
 */
import { formatCents } from "../money/money.ts";

export type Tier = "UNVERIFIED" | "BASIC" | "VERIFIED";
export type ReviewStatus = "NONE" | "PENDING_REVIEW" | "APPROVED" | "REJECTED";
export type DocumentType = "PASSPORT" | "DRIVERS_LICENSE" | "SELFIE" | "UTILITY_BILL" | "OTHER";
/** What the pages let a user upload. */
export type UploadType = "PASSPORT" | "DRIVERS_LICENSE" | "SELFIE";
export const ID_TYPES = ["PASSPORT", "DRIVERS_LICENSE"] as const;

export const TIERS: readonly Tier[] = ["UNVERIFIED", "BASIC", "VERIFIED"];
export const TIER_NAME: Record<Tier, string> = { UNVERIFIED: "Unverified", BASIC: "Basic", VERIFIED: "Verified" };
export const DOCUMENT_NAME: Record<DocumentType, string> = {
  PASSPORT: "Passport",
  DRIVERS_LICENSE: "Driver's license",
  SELFIE: "Selfie with your ID",
  UTILITY_BILL: "Utility bill",
  OTHER: "Other document",
};

/** The API's own limit for one document (10 MiB); the page checks it before sending the file on. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** What the API accepts, read from the file's bytes; the file picker offers these. */
export const ACCEPTED_DOCUMENTS = "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf";

export interface TierLimitsIn {
  tier: Tier;
  perTxnCents: number;
  dailyCents: number;
  monthlyCents: number;
  depositPerTxnCents: number;
  depositDailyCents: number;
}

export type CardState = "completed" | "current" | "next" | "locked";
export const CARD_STATE_LABEL: Record<CardState, string> = { completed: "Completed", current: "Your tier", next: "Next step", locked: "Locked" };

export interface TierCardView {
  tier: Tier;
  name: string;
  state: CardState;
  stateLabel: string;
  /** How the tier is reached. */
  requirement: string;
  /** Undefined when the limits could not be read. */
  limits?: { label: string; value: string }[];
}

const REQUIREMENT: Record<Tier, string> = {
  UNVERIFIED: "Every new account",
  BASIC: "Verify your e-mail address",
  VERIFIED: "A government ID and a selfie, reviewed by our team",
};

/** Completed before the user's tier, current, the one after it next, the rest locked. */
export function cardState(tier: Tier, current: Tier): CardState {
  const at = TIERS.indexOf(current);
  const i = TIERS.indexOf(tier);
  if (i < at) return "completed";
  if (i === at) return "current";
  return i === at + 1 ? "next" : "locked";
}

export function limitLines(l: TierLimitsIn): { label: string; value: string }[] {
  return [
    { label: "Per transfer", value: formatCents(l.perTxnCents) },
    { label: "Sent per day", value: formatCents(l.dailyCents) },
    { label: "Sent per month", value: formatCents(l.monthlyCents) },
    { label: "Per deposit", value: formatCents(l.depositPerTxnCents) },
    { label: "Deposits per day", value: formatCents(l.depositDailyCents) },
  ];
}

/** The three cards, with limits when the table could be read; the user's tier when it is known. */
export function tierCards(table: readonly TierLimitsIn[] | undefined, current: Tier | undefined): TierCardView[] {
  return TIERS.map((tier) => {
    const state = current ? cardState(tier, current) : "locked";
    const limits = table?.find((t) => t.tier === tier);
    return { tier, name: TIER_NAME[tier], state, stateLabel: current ? CARD_STATE_LABEL[state] : "", requirement: REQUIREMENT[tier], limits: limits ? limitLines(limits) : undefined };
  });
}

export interface ProfileIn {
  tier: Tier;
  status: ReviewStatus;
  submittedAt: string | null;
  verifiedAt: string | null;
  rejectionReason: string | null;
  documents: { id: string; type: DocumentType; contentType: string; sizeBytes: number; docName: string | null; uploadedAt: string }[];
}

export type StatusTone = "neutral" | "pending" | "success" | "error";

export interface StatusView {
  /** The badge, in words (never colour alone). */
  label: string;
  tone: StatusTone;
  /** What it means and what to do next. */
  text: string;
  /** The reviewer's reason, for a rejection. */
  reason?: string;
  /** "Verified on March 3, 2026" / "Submitted on …". */
  when?: string;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** "March 3, 2026" in the user's zone, as every other page writes a date. */
export function longDate(iso: string, tz: string): string {
  let f = dateFormats.get(tz);
  if (!f) {
    if (dateFormats.size > 200) dateFormats.clear();
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, day: "numeric", month: "long", year: "numeric" });
    dateFormats.set(tz, f);
  }
  return f.format(new Date(iso));
}

/**
 * The review's state as the user sees it. The API's APPROVED at Basic means the e-mail step was
 * approved, not the identity documents: for those it is "Not submitted" until they are.
 */
export function verificationStatus(p: ProfileIn, emailVerified: boolean, tz: string): StatusView {
  if (p.tier === "VERIFIED") {
    return { label: "Approved", tone: "success", text: "Your identity is fully verified: every feature and the highest limits are yours.", when: p.verifiedAt ? `Verified on ${longDate(p.verifiedAt, tz)}` : undefined };
  }
  if (p.status === "PENDING_REVIEW") {
    return { label: "Under review", tone: "pending", text: "Under review — usually takes 1–2 business days. We'll notify you when it's done.", when: p.submittedAt ? `Submitted on ${longDate(p.submittedAt, tz)}` : undefined };
  }
  if (p.status === "REJECTED") {
    return { label: "Rejected", tone: "error", text: "Your documents were not accepted. Upload new ones below and submit them again.", reason: p.rejectionReason ?? "No reason was given." };
  }
  if (p.tier === "UNVERIFIED") {
    return emailVerified
      ? { label: "Not submitted", tone: "neutral", text: "Your e-mail is verified: your account moves to the Basic tier in a moment." }
      : { label: "Not submitted", tone: "neutral", text: "Verify your e-mail address first: that moves you to the Basic tier automatically." };
  }
  return { label: "Not submitted", tone: "neutral", text: "Upload a government ID (passport or driver's license) and a selfie holding it to reach the Verified tier." };
}

export interface UploadedView {
  type: DocumentType;
  name: string;
  /** "passport.jpg · JPEG · 1.2 MB · uploaded 3 March 2026". */
  summary: string;
}

export type ActionView =
  | { kind: "verified" }
  | { kind: "verify-email"; emailVerified: boolean }
  | { kind: "in-review"; documents: UploadedView[] }
  | {
      kind: "upload";
      /** The ID type chosen (locked once one is uploaded); undefined until then. */
      idType?: UploadType;
      id?: UploadedView;
      selfie?: UploadedView;
      canSubmit: boolean;
      /** Why "Submit for review" is disabled. */
      submitBlocker?: string;
    };

const CONTENT_NAME: Record<string, string> = { "image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF" };

/** 1536 → "1.5 KB"; 10485760 → "10 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? "" : "s"}`;
  const units = ["KB", "MB", "GB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, "");
  return `${text} ${units[unit]}`;
}

function uploaded(d: ProfileIn["documents"][number], tz: string): UploadedView {
  const parts = [d.docName, CONTENT_NAME[d.contentType] ?? d.contentType, formatBytes(d.sizeBytes), `uploaded ${longDate(d.uploadedAt, tz)}`].filter((p): p is string => !!p);
  return { type: d.type, name: DOCUMENT_NAME[d.type], summary: parts.join(" · ") };
}

/** What the user can do now. Submitting needs the Basic tier, no review in progress, an ID and a selfie. */
export function verificationAction(p: ProfileIn, emailVerified: boolean, tz: string): ActionView {
  if (p.tier === "VERIFIED") return { kind: "verified" };
  if (p.tier === "UNVERIFIED") return { kind: "verify-email", emailVerified };
  if (p.status === "PENDING_REVIEW") return { kind: "in-review", documents: p.documents.map((d) => uploaded(d, tz)) };
  // The newest ID document counts (both may exist if the user switched); the choice is locked to it.
  const ids = p.documents.filter((d) => (ID_TYPES as readonly string[]).includes(d.type)).sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));
  const id = ids[0];
  const selfie = p.documents.find((d) => d.type === "SELFIE");
  const submitBlocker = !id && !selfie ? "Upload your ID and a selfie first." : !id ? "Upload your ID first." : !selfie ? "Upload a selfie with your ID first." : undefined;
  return {
    kind: "upload",
    idType: id ? (id.type as UploadType) : undefined,
    id: id ? uploaded(id, tz) : undefined,
    selfie: selfie ? uploaded(selfie, tz) : undefined,
    canSubmit: !submitBlocker,
    submitBlocker,
  };
}

/** The upload type named in a form, if it is one the page offers. */
export function uploadTypeOf(value: string | undefined): UploadType | undefined {
  const v = (value ?? "").trim().toUpperCase();
  return v === "PASSPORT" || v === "DRIVERS_LICENSE" || v === "SELFIE" ? v : undefined;
}

/** Why a chosen file cannot be sent, checked before it goes to the API (which checks again, and reads the type from the bytes). */
export function fileProblem(size: number | undefined): string | undefined {
  if (size === undefined) return "Choose a file to upload.";
  if (size === 0) return "That file is empty. Choose a photo or scan of the document.";
  if (size > MAX_DOCUMENT_BYTES) return "That file is larger than 10 MB. Choose a smaller photo or scan (JPEG, PNG or PDF).";
  return undefined;
}

/** Which step of the page a document belongs to, for placing its messages. */
export const stepOf = (type: UploadType): "id" | "selfie" => (type === "SELFIE" ? "selfie" : "id");

/**
 * What the page's verification part shows depends on these alone: when a live refresh finds them
 * unchanged it leaves the page as it is (a file the user is choosing is not thrown away).
 */
export function kycVersion(p: Pick<ProfileIn, "tier" | "status" | "documents">): string {
  return [p.tier, p.status, ...p.documents.map((d) => d.id).sort()].join(".");
}
