/**
 * The fixed ports of the servers `bun dev` starts (below 32768, see ports.ts); its services listen
 * on SERVICE_PORTS (services.ts). Nothing a test starts may use or dial them: a developer's
 * running platform is there.
 */
export const DEV_PORTS = {
  postgres: 15432,
  redis: 16379,
  nats: 14222,
  natsMonitor: 18222,
  smtp: 1025,
  mailWeb: 1080,
  s3: 19000,
  gateway: 8080,
  caddyAdmin: 12019,
} as const;
