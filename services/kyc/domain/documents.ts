import type { z } from "zod";
import type { documentType } from "../../../proto-like-schemas/kyc.ts";

export type DocumentType = z.infer<typeof documentType>;
export type DocumentContentType = "image/jpeg" | "image/png" | "application/pdf";

const SIGNATURES: readonly { type: DocumentContentType; magic: readonly number[] }[] = [
  { type: "image/jpeg", magic: [0xff, 0xd8, 0xff] },
  { type: "image/png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // "%PDF-"
  { type: "application/pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/**
 * The content type decided from the file's first bytes. The client's Content-Type and file name
 * are never consulted: both are whatever the uploader chose to claim.
 */
export function sniffContentType(bytes: Uint8Array): DocumentContentType | null {
  for (const { type, magic } of SIGNATURES) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

const EXTENSIONS: Record<DocumentContentType, string> = { "image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf" };

/** Keys are built only from ids the service generated, so nothing the user typed reaches the store's namespace. */
export const storageKeyFor = (profileId: string, type: DocumentType, documentId: string, contentType: DocumentContentType) =>
  `kyc/${profileId}/${type}/${documentId}.${EXTENSIONS[contentType]}`;
