/** Shared set-up for the kyc service's tests: real auth, S3, NATS and kyc, plus small helpers. */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { eq, sql } from "drizzle-orm";
import { connect, type NatsConnection } from "nats";
import { kycContract } from "../../proto-like-schemas/kyc.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import type { Reply } from "../../shared/rpc/wire.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { getInfra, getS3, type S3 } from "../../tests/harness/infra.ts";
import { startService } from "../../tests/harness/services.ts";
import { bearer, signUpVerified, type TestUser } from "../../tests/harness/users.ts";
import { documents, profiles } from "./db/schema.ts";
import { service } from "./main.ts";
import { s3Client } from "./storage.ts";

export const WEBHOOK_SECRET = "test-kyc-webhook-secret";

export type RunningKyc = Awaited<ReturnType<typeof service.start>>;

export interface KycStack {
  auth: RunningAuth;
  kyc: RunningKyc;
  s3: S3;
  nc: NatsConnection;
  rpc: ReturnType<typeof rpcClient<typeof kycContract>>;
  /** Another kyc process on the same database (a replica), with its own overrides. */
  replica(env?: Record<string, string>): Promise<RunningKyc>;
  stop(): Promise<void>;
}

export async function kycEnv(auth: RunningAuth, s3: S3, extra: Record<string, string> = {}) {
  return {
    JWKS_URL: `${auth.url}/.well-known/jwks.json`,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    KYC_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...extra,
  };
}

export async function startKycStack(): Promise<KycStack> {
  const auth = await startAuth();
  const s3 = await getS3();
  const kyc = await startService(service, await kycEnv(auth, s3));
  const nc = await connect({ servers: (await getInfra()).natsUrl });
  const replicas: RunningKyc[] = [];
  return {
    auth,
    kyc,
    s3,
    nc,
    rpc: rpcClient(nc, kycContract, 5_000),
    async replica(env = {}) {
      const r = await startService(service, await kycEnv(auth, s3, { DATABASE_NAME: kyc.ctx.config.DATABASE_NAME!, ...env }));
      replicas.push(r);
      return r;
    },
    async stop() {
      await nc.drain();
      for (const r of replicas) await r.stop();
      await kyc.stop();
      await auth.stop();
    },
  };
}

// Tiny but genuine files. Each call appends a random trailer so every upload has its own bytes and hash.
const trailer = () => new TextEncoder().encode(`\n${crypto.randomUUID()}\n`);
const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const PNG_1X1 = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
const JPEG_HEAD = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
const JPEG_END = Uint8Array.from([0xff, 0xd9]);
export const pngBytes = () => join(PNG_1X1, trailer());
export const jpegBytes = () => join(JPEG_HEAD, trailer(), JPEG_END);
export const pdfBytes = () => new TextEncoder().encode(`%PDF-1.4\n1 0 obj <<>> endobj\n% ${crypto.randomUUID()}\ntrailer <<>>\n%%EOF\n`);

export const sha256 = (bytes: Uint8Array | ArrayBuffer) => new Bun.CryptoHasher("sha256").update(new Uint8Array(bytes)).digest("hex");

export interface UploadFile {
  bytes: Uint8Array;
  name?: string;
  /** What the client claims; the service must ignore it. */
  contentType?: string;
}

export function upload(kycUrl: string, token: string, type: string, file: UploadFile | null, opts: { docName?: string; query?: string } = {}) {
  const form = new FormData();
  if (file) form.append("file", new File([file.bytes], file.name ?? "document.bin", { type: file.contentType ?? "application/octet-stream" }));
  const query = opts.query ?? `type=${encodeURIComponent(type)}${opts.docName !== undefined ? `&docName=${encodeURIComponent(opts.docName)}` : ""}`;
  return fetch(`${kycUrl}/api/v1/kyc/documents?${query}`, { method: "POST", headers: bearer(token), body: form });
}

export const getJson = async <T = any>(url: string, token: string) => {
  const res = await fetch(url, { headers: bearer(token) });
  return { status: res.status, body: (await res.json()) as T };
};

/** A user whose e-mail is verified and whose profile kyc has moved to BASIC through the real event flow. */
export async function basicUser(stack: KycStack): Promise<TestUser> {
  const user = await signUpVerified(stack.auth.url);
  await eventually(async () => (await profileRow(stack.kyc, user.id))?.tier === "BASIC", { timeoutMs: 20_000, what: `BASIC tier for ${user.id}` });
  return user;
}

/** A BASIC user with a passport and a selfie uploaded and submitted: PENDING_REVIEW. */
export async function pendingUser(stack: KycStack) {
  const user = await basicUser(stack);
  for (const [type, bytes] of [["PASSPORT", jpegBytes()], ["SELFIE", pngBytes()]] as const) {
    const res = await upload(stack.kyc.url, user.token, type, { bytes });
    if (res.status !== 201) throw new Error(`upload ${type}: ${res.status} ${await res.text()}`);
  }
  const res = await fetch(`${stack.kyc.url}/api/v1/kyc/submit`, { method: "POST", headers: bearer(user.token) });
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
  const profile = ((await res.json()) as { profile: { profileId: string } }).profile;
  return { ...user, profileId: profile.profileId };
}

export async function profileRow(kyc: RunningKyc, userId: string) {
  const [row] = await kyc.ctx.db.select().from(profiles).where(eq(profiles.userId, userId));
  return row;
}

export async function documentRows(kyc: RunningKyc, userId: string) {
  return kyc.ctx.db.select({ doc: documents }).from(documents).innerJoin(profiles, eq(profiles.id, documents.profileId)).where(eq(profiles.userId, userId)).then((rows) => rows.map((r) => r.doc));
}

/** Events kyc wrote to its outbox about a user (or with the given actor). */
export async function outboxEvents(kyc: RunningKyc, type: string, where: { userId?: string; actorId?: string }) {
  const rows = await kyc.ctx.db.execute<{ envelope: any }>(sql`
    select envelope from outbox where type = ${type}
      and (${where.userId ?? null}::text is null or envelope->'data'->>'userId' = ${where.userId ?? null})
      and (${where.actorId ?? null}::text is null or envelope->>'actorId' = ${where.actorId ?? null})
    order by id`);
  return rows.map((r) => r.envelope);
}

/** The storage settings of the harness's store, as the service resolves them. */
export const storageSettings = (s3: S3) => ({ endpoint: s3.endpoint, publicEndpoint: s3.endpoint, region: s3.region, accessKey: s3.accessKey, secretKey: s3.secretKey, bucket: s3.bucket });

async function withS3<T>(s3: S3, fn: (client: S3Client) => Promise<T>): Promise<T> {
  const client = s3Client(s3.endpoint, storageSettings(s3));
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

export const storedKeys = (s3: S3, prefix: string): Promise<string[]> =>
  withS3(s3, async (c) => ((await c.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!).sort());

export const storedBytes = (s3: S3, key: string): Promise<Uint8Array> =>
  withS3(s3, async (c) => (await c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body!.transformToByteArray());

export const storeObject = (s3: S3, key: string, bytes: Uint8Array) =>
  withS3(s3, async (c) => {
    await c.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
  });

/** Publishes an admin record the way the admin service's outbox relay would: an envelope on JetStream. */
export async function publishAdminEvent(nc: NatsConnection, type: "admin.kyc_rejected", data: Record<string, unknown>, adminId: string) {
  const id = Bun.randomUUIDv7();
  const envelope = { id, type, occurredAt: new Date().toISOString(), producer: "admin", actorId: adminId, subjectUserIds: [], traceparent: null, data };
  await nc.jetstream().publish(`events.${type}`, new TextEncoder().encode(JSON.stringify(envelope)), { msgID: id });
  return id;
}

/** Sends a request without the client's validation, so the server's own checks are what answers. */
export async function rawRpc(nc: NatsConnection, method: string, body: unknown): Promise<Reply> {
  const msg = await nc.request(`mint.kyc.${method}`, new TextEncoder().encode(JSON.stringify(body)), { timeout: 5_000 });
  return JSON.parse(new TextDecoder().decode(msg.data)) as Reply;
}
