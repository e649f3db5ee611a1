import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { connect, type NatsConnection } from "nats";
import { startCaddy, type CaddyServer, type GatewayUpstream } from "../../shared/devstack/caddy.ts";
import { findFreePort } from "../../shared/devstack/ports.ts";
import { getInfra, getS3, testTempDir } from "./infra.ts";
import { spawnService, type ServiceProcess } from "./processes.ts";
import { tempDir } from "./services.ts";

export interface ProcessMesh {
  gatewayUrl: string;
  services: Record<string, ServiceProcess>;
  /** A NATS connection for calling services' RPC as the admin service would. */
  nc: NatsConnection;
  stop(): Promise<void>;
}

/**
 * The named services as separate processes (auth first: the others verify tokens with its keys)
 * behind the real Caddy gateway. `env` adds settings per service name.
 */
export async function startProcessMesh(names: string[], env: Record<string, Record<string, string>> = {}): Promise<ProcessMesh> {
  const services: Record<string, ServiceProcess> = {};
  const started: { caddy?: CaddyServer } = {};
  const stopStarted = async () => {
    await started.caddy?.stop();
    await Promise.all(Object.values(services).map((s) => s.stop()));
  };
  try {
    const gatewayUrl = await spawnAll(names, env, services, started);
    const nc = await connect({ servers: (await getInfra()).natsUrl, noAsyncTraces: true });
    return {
      gatewayUrl,
      services,
      nc,
      async stop() {
        await nc.close();
        await stopStarted();
      },
    };
  } catch (err) {
    // A half-started mesh must not leave service processes behind.
    await stopStarted();
    throw err;
  }
}

async function spawnAll(
  names: string[],
  env: Record<string, Record<string, string>>,
  services: Record<string, ServiceProcess>,
  started: { caddy?: CaddyServer },
): Promise<string> {
  const s3 = await getS3();
  const gatewayPort = await findFreePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const closedSmtp = `smtp://127.0.0.1:${await findFreePort()}`;
  services.auth = await spawnService("auth", { KEYS_DIR: tempDir("keys"), PUBLIC_BASE_URL: gatewayUrl, SMTP_URL: closedSmtp, ...env.auth });
  const shared = {
    JWKS_URL: `${services.auth.url}/.well-known/jwks.json`,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
  };
  await Promise.all(
    names.filter((n) => n !== "auth" && n !== "web").map(async (name) => {
      services[name] = await spawnService(name, { ...shared, ...env[name] });
    }),
  );
  // The pages call the APIs directly: those started here, and a closed port for the rest, so a
  // page never reaches a platform running on the fixed development ports.
  if (names.includes("web")) services.web = await spawnService("web", { ...apiUrls(services), PUBLIC_BASE_URL: gatewayUrl, ...env.web });
  const upstreams: Partial<Record<GatewayUpstream, string>> = {};
  for (const [name, svc] of Object.entries(services)) upstreams[name as GatewayUpstream] = `127.0.0.1:${svc.port}`;
  const dataDir = join(testTempDir(), `gateway-${gatewayPort}`);
  mkdirSync(dataDir, { recursive: true });
  started.caddy = await startCaddy({ dataDir, port: gatewayPort, adminPort: await findFreePort(), upstreams });
  return gatewayUrl;
}

const PAGE_APIS = ["auth", "wallet", "transactions", "kyc", "analytics", "notifications", "social", "webhook", "admin"];

/** AUTH_URL=… for each API the web service calls. */
function apiUrls(services: Record<string, ServiceProcess>): Record<string, string> {
  return Object.fromEntries(PAGE_APIS.map((name) => [`${name.toUpperCase()}_URL`, services[name]?.url ?? "http://127.0.0.1:9"]));
}
