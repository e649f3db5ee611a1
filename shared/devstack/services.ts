import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Default HTTP port of every service (DESIGN §5); fraud serves only /healthz and /readyz. */
export const SERVICE_PORTS: Readonly<Record<string, number>> = {
  web: 3000,
  auth: 4001,
  wallet: 4002,
  transactions: 4003,
  kyc: 4004,
  analytics: 4005,
  notifications: 4006,
  social: 4007,
  webhook: 4008,
  admin: 4009,
  audit: 4010,
  fraud: 4011,
};

/** Ports for service folders missing from SERVICE_PORTS start here. */
const EXTRA_PORT_BASE = 4100;

export interface ServiceEntry {
  name: string;
  port: number;
  /** services/<name>/main.ts, relative to the repository root. */
  entry: string;
}

/** Folders services/<name>/ that contain a main.ts, with their ports. */
export function discoverServices(root: string): ServiceEntry[] {
  const dir = join(root, "services");
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "main.ts")))
    .map((d) => d.name)
    .sort((a, b) => (SERVICE_PORTS[a] ?? 99_999) - (SERVICE_PORTS[b] ?? 99_999) || a.localeCompare(b));
  let extra = EXTRA_PORT_BASE;
  return names.map((name) => ({ name, port: SERVICE_PORTS[name] ?? extra++, entry: `services/${name}/main.ts` }));
}

/** AUTH_URL=http://127.0.0.1:4001 … for every known and discovered service. */
export function serviceUrlEnv(services: ServiceEntry[], host = "127.0.0.1"): Record<string, string> {
  const ports = new Map<string, number>(Object.entries(SERVICE_PORTS));
  for (const s of services) ports.set(s.name, s.port);
  return Object.fromEntries(
    [...ports].map(([name, port]) => [`${name.toUpperCase().replaceAll("-", "_")}_URL`, `http://${host}:${port}`]),
  );
}
