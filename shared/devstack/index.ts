/** Local servers for `bun dev` and the test harness. */
export { findBinary, installCommand, installPlan, PACKAGES, postgresBinDirs, requireBinaries, requireBinary } from "./binaries.ts";
export type { BinaryName } from "./binaries.ts";
export { caddyEnv, DEFAULT_CADDYFILE, gatewayUpstreams, startCaddy, UNREACHABLE_UPSTREAM } from "./caddy.ts";
export type { CaddyOptions, CaddyServer, GatewayUpstream } from "./caddy.ts";
export { smtpGreets, startMaildev } from "./maildev.ts";
export type { MaildevOptions, MaildevServer } from "./maildev.ts";
export { jetStreamReady, startNats } from "./nats.ts";
export type { NatsOptions, NatsServer } from "./nats.ts";
export { assertPortFree, findFreePort, isListening, isPortFree, TEST_PORT_RANGE, waitForPort } from "./ports.ts";
export { canQuery, startPostgres } from "./postgres.ts";
export type { PostgresOptions, PostgresServer } from "./postgres.ts";
export { colourFor, descendants, isAlive, killTree, spawnProcess } from "./process.ts";
export type { ChildProcess, SpawnOptions } from "./process.ts";
export { ping, startRedis } from "./redis.ts";
export type { RedisOptions, RedisServer } from "./redis.ts";
export { bucketExists, DEFAULT_BUCKET, ensureBucket, startS3 } from "./s3.ts";
export type { S3Options, S3Server } from "./s3.ts";
export { httpOk, waitUntil } from "./wait.ts";
