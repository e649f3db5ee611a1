import type { Context } from "hono";
import type { RequestMeta } from "../clients/http.ts";
import type { Session } from "./session.ts";

/** The parts of the service configuration the web app reads (shared base config + webConfig). */
export interface WebConfig {
  MINT_ENV: "development" | "test" | "production";
  PORT: number;
  AUTH_URL: string;
  WALLET_URL: string;
  TRANSACTIONS_URL: string;
  KYC_URL: string;
  ANALYTICS_URL: string;
  NOTIFICATIONS_URL: string;
  SOCIAL_URL: string;
  WEBHOOK_URL: string;
  ADMIN_URL: string;
  PUBLIC_BASE_URL: string;
  TRACE_UI_URL?: string;
  /** Peers whose X-Forwarded-For is believed (the gateway). */
  TRUSTED_PROXIES?: readonly string[];
}

type LogFn = (msg: string, fields?: Record<string, unknown>) => void;
export type WebLog = { debug: LogFn; info: LogFn; warn: LogFn; error: LogFn };

export interface WebServiceContext {
  config: WebConfig;
  log: WebLog;
  /** Aborted when the service shuts down (the shared runtime provides it): open live streams end. */
  shutdown?: AbortSignal;
}

export type WebEnv = {
  Variables: {
    /** Set by the shared runtime's root app when mounted there; otherwise by this app. */
    requestId: string;
    clientIp: string;
    meta: RequestMeta;
    session: Session | undefined;
  };
};

export type C = Context<WebEnv>;
