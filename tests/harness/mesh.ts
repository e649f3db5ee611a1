import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startCaddy, type CaddyServer } from "../../shared/devstack/caddy.ts";
import { findFreePort } from "../../shared/devstack/ports.ts";
import { service as webService } from "../../services/web/main.ts";
import { startAuth } from "./auth.ts";
import { getMaildev, testTempDir } from "./infra.ts";
import { startService } from "./services.ts";

export interface Mesh {
  /** The gateway, as a user's browser sees it. */
  gatewayUrl: string;
  authUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

const hostPort = (url: string) => new URL(url).host;

/**
 * The services that exist, started in this process, behind the real Caddy gateway (caddy/Caddyfile)
 * on a free port; e-mail goes to the harness's MailDev. Later issues add their services here.
 */
export async function startMesh(): Promise<Mesh> {
  await getMaildev();
  const gatewayPort = await findFreePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const auth = await startAuth({ PUBLIC_BASE_URL: gatewayUrl });
  // Only auth runs here: every other API the pages call is a closed port, never a fixed development port.
  const closed = "http://127.0.0.1:9";
  const apis = Object.fromEntries(["WALLET", "TRANSACTIONS", "KYC", "ANALYTICS", "NOTIFICATIONS", "SOCIAL", "WEBHOOK", "ADMIN"].map((n) => [`${n}_URL`, closed]));
  const web = await startService(webService, { ...apis, AUTH_URL: auth.url, PUBLIC_BASE_URL: gatewayUrl });
  const dataDir = join(testTempDir(), `gateway-${gatewayPort}`);
  mkdirSync(dataDir, { recursive: true });
  let caddy: CaddyServer;
  try {
    caddy = await startCaddy({ dataDir, port: gatewayPort, adminPort: await findFreePort(), upstreams: { auth: hostPort(auth.url), web: hostPort(web.url) } });
  } catch (err) {
    await Promise.all([auth.stop(), web.stop()]);
    throw err;
  }
  return {
    gatewayUrl,
    authUrl: auth.url,
    webUrl: web.url,
    async stop() {
      await caddy.stop();
      await Promise.all([web.stop(), auth.stop()]);
    },
  };
}
