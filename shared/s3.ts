import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

export interface S3Credentials {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
}

/**
 * An S3 client the way Mint talks to its store: path-style addressing and checksums only when
 * required, which MinIO and s3rver understand (otherwise uploads are stored with aws-chunked
 * framing inside them). `extra` adds per-use settings such as timeouts.
 */
export function createS3Client(s3: S3Credentials, extra: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...extra,
  });
}
