/** Data the views need; the web service builds these from API answers. */

export type KycTier = "UNVERIFIED" | "BASIC" | "VERIFIED";

export interface ShellUser {
  name: string;
  email: string;
  initials: string;
  emailVerified: boolean;
  /** Unknown until the KYC service is wired in; the shield is grey meanwhile. */
  kycTier?: KycTier;
}

/** One message per field plus an optional message for the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  form?: string;
}

export type ToastKind = "success" | "error" | "info";

export interface ToastMessage {
  kind: ToastKind;
  message: string;
}
