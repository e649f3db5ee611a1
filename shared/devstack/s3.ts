import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { findBinary } from "./binaries.ts";
import { assertPortFree } from "./ports.ts";
import { type ChildProcess, spawnProcess } from "./process.ts";
import { httpOk, waitUntil } from "./wait.ts";

export const DEFAULT_BUCKET = "mint-kyc-docs";

export interface S3Options {
  /** Holds the objects (objects/) and s3.log. */
  dataDir: string;
  port: number;
  host?: string;
  bucket?: string;
  /** "auto" (default) uses a minio binary from PATH when there is one, else s3rver from npm. */
  engine?: "auto" | "minio" | "s3rver";
  /** Own process group, so a terminal Ctrl-C reaches only the parent (bun dev). */
  detached?: boolean;
  timeoutMs?: number;
}

export interface S3Server {
  /** Endpoint URL for the S3 client (path-style: forcePathStyle must be on). */
  url: string;
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
  engine: "minio" | "s3rver";
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

const S3RVER_KEY = "S3RVER";
const MINIO_USER = "mintdev";
const MINIO_PASSWORD = "mintdev-secret";

/** Starts an S3-compatible store with the bucket created, and waits until it answers. */
export async function startS3(opts: S3Options): Promise<S3Server> {
  const host = opts.host ?? "127.0.0.1";
  const bucket = opts.bucket ?? DEFAULT_BUCKET;
  const minio = opts.engine === "s3rver" ? null : findBinary("minio");
  if (opts.engine === "minio" && !minio) throw new Error("S3: engine minio requested but no minio binary is on PATH");
  await assertPortFree(opts.port, "S3", "Stop whatever uses it, or set S3_ENDPOINT to reuse a running store.", host);
  const objectsDir = join(opts.dataDir, "objects");
  mkdirSync(objectsDir, { recursive: true });
  const logFile = join(opts.dataDir, "s3.log");
  const endpoint = `http://${host}:${opts.port}`;
  const timeoutMs = opts.timeoutMs ?? 30_000;

  let child: ChildProcess;
  let base: Omit<S3Server, "pid" | "stop">;
  if (minio) {
    child = spawnProcess({
      name: "minio",
      cmd: [minio, "server", objectsDir, "--address", `${host}:${opts.port}`, "--console-address", `${host}:${opts.port + 1}`, "--quiet"],
      cwd: opts.dataDir,
      env: { ...process.env, MINIO_ROOT_USER: MINIO_USER, MINIO_ROOT_PASSWORD: MINIO_PASSWORD, MINIO_BROWSER: "off" },
      logFile,
      detached: opts.detached,
    });
    base = { url: endpoint, endpoint, accessKey: MINIO_USER, secretKey: MINIO_PASSWORD, bucket, region: "us-east-1", engine: "minio", logFile };
  } else {
    const s3rverBin = join(dirname(createRequire(import.meta.url).resolve("s3rver/package.json")), "bin", "s3rver.js");
    child = spawnProcess({
      name: "s3rver",
      cmd: [process.execPath, s3rverBin, "-d", objectsDir, "-a", host, "-p", String(opts.port), "--no-vhost-buckets", "--configure-bucket", bucket],
      cwd: opts.dataDir,
      logFile,
      detached: opts.detached,
    });
    base = { url: endpoint, endpoint, accessKey: S3RVER_KEY, secretKey: S3RVER_KEY, bucket, region: "us-east-1", engine: "s3rver", logFile };
  }
  const stop = () => child.stop({ signal: "SIGTERM", timeoutMs: 5000 });

  try {
    const probe = minio ? `${endpoint}/minio/health/live` : `${endpoint}/`;
    await waitUntil(`S3 (${base.engine}) on ${host}:${opts.port}`, () => httpOk(probe), { child, timeoutMs });
    if (minio) await ensureBucket(base);
    await waitUntil(`S3 bucket ${bucket}`, () => bucketExists(base), { child, timeoutMs: 10_000 });
  } catch (err) {
    await stop();
    throw err;
  }
  return { ...base, pid: child.pid, stop };
}

type Credentials = Pick<S3Server, "endpoint" | "accessKey" | "secretKey" | "bucket" | "region">;

/** A client configured the way the services use it (loaded lazily: `bun dev` needs it only here). */
async function client(s3: Credentials) {
  const { createS3Client } = await import("../s3.ts");
  return createS3Client(s3);
}

/** Creates the bucket unless it already exists. */
export async function ensureBucket(s3: Credentials): Promise<void> {
  const { CreateBucketCommand } = await import("@aws-sdk/client-s3");
  const c = await client(s3);
  try {
    await c.send(new CreateBucketCommand({ Bucket: s3.bucket }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw err;
  } finally {
    c.destroy();
  }
}

/** True when HEAD bucket succeeds with the given credentials. */
export async function bucketExists(s3: Credentials): Promise<boolean> {
  const { HeadBucketCommand } = await import("@aws-sdk/client-s3");
  const c = await client(s3);
  try {
    await c.send(new HeadBucketCommand({ Bucket: s3.bucket }));
    return true;
  } catch {
    return false;
  } finally {
    c.destroy();
  }
}
