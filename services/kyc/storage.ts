import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { createS3Client } from "../../shared/s3.ts";
import type { ResolvedKycSettings } from "./config.ts";

export interface DocumentStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Deleting a key that is already gone succeeds. */
  remove(key: string): Promise<void>;
  /** A GET URL signed for `expiresInS` seconds; computed locally, no request is made. */
  presignGet(key: string, expiresInS: number, contentType: string): Promise<string>;
  ping(): Promise<void>;
  close(): void;
}

/** A client configured the way the service talks to the store. */
export function s3Client(endpoint: string, s3: ResolvedKycSettings["s3"]) {
  return createS3Client(
    { endpoint, region: s3.region, accessKey: s3.accessKey, secretKey: s3.secretKey },
    // An unreachable store must fail the upload quickly (503), not hold the request open.
    { maxAttempts: 2, requestHandler: { connectionTimeout: 2_000, requestTimeout: 15_000 } },
  );
}

export function createS3Storage(s3: ResolvedKycSettings["s3"]): DocumentStorage {
  const internal = s3Client(s3.endpoint, s3);
  const external = s3.publicEndpoint === s3.endpoint ? internal : s3Client(s3.publicEndpoint, s3);
  return {
    async put(key, bytes, contentType) {
      await internal.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength }));
    },
    async remove(key) {
      await internal.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
    },
    presignGet(key, expiresInS, contentType) {
      return getSignedUrl(external, new GetObjectCommand({ Bucket: s3.bucket, Key: key, ResponseContentType: contentType }), { expiresIn: expiresInS });
    },
    async ping() {
      await internal.send(new HeadBucketCommand({ Bucket: s3.bucket }));
    },
    close() {
      internal.destroy();
      if (external !== internal) external.destroy();
    },
  };
}
