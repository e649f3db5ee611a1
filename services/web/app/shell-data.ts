import type { KycTier } from "@mint/views/types.ts";
import type { Clients } from "../clients/index.ts";
import type { RequestMeta } from "../clients/http.ts";

/** What the user app's shell shows on every page besides the page itself. */
export interface ShellData {
  unreadCount: number;
  /** Unknown when the KYC service did not answer: the shield is grey and no banner is shown. */
  kycTier?: KycTier;
}

/**
 * Fetched in parallel with the page's own data. A service that is down leaves its part of the
 * shell neutral (no badge, grey shield) rather than failing the page.
 */
export async function loadShellData(clients: Clients, meta: RequestMeta, token: string): Promise<ShellData> {
  const [unread, kyc] = await Promise.all([clients.notifications.unreadCount(meta, token), clients.kyc.profile(meta, token)]);
  return { unreadCount: unread.ok ? unread.data.count : 0, kycTier: kyc.ok ? kyc.data.tier : undefined };
}

/**
 * Which banners the shell shows: the amber "verify your e-mail" one while the address is
 * unverified (unless dismissed this session), otherwise the blue "verify your identity" one while
 * the KYC tier is UNVERIFIED. An unknown tier (KYC did not answer) shows no blue banner.
 */
export function shellBanners(emailVerified: boolean, tier: KycTier | undefined, emailBannerDismissed: boolean): { verifyEmail: boolean; verifyIdentity: boolean } {
  return { verifyEmail: !emailVerified && !emailBannerDismissed, verifyIdentity: emailVerified && tier === "UNVERIFIED" };
}
