import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { bearer, signUp } from "../../tests/harness/users.ts";
import { MAX_DOCUMENT_BYTES } from "./db/schema.ts";
import { createDocuments } from "./documents.ts";
import { createS3Storage, type DocumentStorage } from "./storage.ts";
import { basicUser, documentRows, getJson, jpegBytes, pdfBytes, pendingUser, pngBytes, sha256, startKycStack, storageSettings, storedBytes, storedKeys, storeObject, upload, type KycStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: KycStack;
beforeAll(async () => {
  stack = await startKycStack();
});
afterAll(() => stack.stop());

const profileId = async (token: string) => (await getJson(`${stack.kyc.url}/api/v1/kyc`, token)).body.profileId as string;

describe("upload", () => {
  test.each([
    ["JPEG", "PASSPORT", jpegBytes, "image/jpeg", "jpg"],
    ["PNG", "SELFIE", pngBytes, "image/png", "png"],
    ["PDF", "UTILITY_BILL", pdfBytes, "application/pdf", "pdf"],
  ] as const)("a %s is stored with its hash and the exact bytes", async (_, type, make, contentType, ext) => {
    const user = await basicUser(stack);
    const bytes = make();
    const res = await upload(stack.kyc.url, user.token, type, { bytes, name: `scan.${ext}`, contentType }, { docName: "  My scan  " });
    expect(res.status).toBe(201);
    const doc = (await res.json()) as any;
    expect(doc).toEqual({ id: doc.id, type, status: "PENDING", contentType, sizeBytes: bytes.length, sha256: sha256(bytes), docName: "My scan", uploadedAt: doc.uploadedAt });
    const [row] = await documentRows(stack.kyc, user.id);
    expect(row!.storageKey).toBe(`kyc/${await profileId(user.token)}/${type}/${doc.id}.${ext}`);
    expect(sha256(await storedBytes(stack.s3, row!.storageKey))).toBe(sha256(bytes));
  });

  test("a PNG named .pdf and declared application/pdf is stored as a PNG", async () => {
    const user = await basicUser(stack);
    const bytes = pngBytes();
    const res = await upload(stack.kyc.url, user.token, "SELFIE", { bytes, name: "selfie.pdf", contentType: "application/pdf" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).contentType).toBe("image/png");
    const [row] = await documentRows(stack.kyc, user.id);
    expect(row!.storageKey).toEndWith(".png");
  });

  test("the type is matched without regard to case; an empty docName is no name", async () => {
    const user = await basicUser(stack);
    const res = await upload(stack.kyc.url, user.token, "drivers_license", { bytes: jpegBytes() }, { docName: "" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ type: "DRIVERS_LICENSE", docName: null });
  });

  test("an UNVERIFIED user may already upload (submitting needs BASIC)", async () => {
    const user = await signUp(stack.auth.url);
    expect((await upload(stack.kyc.url, user.token, "PASSPORT", { bytes: pdfBytes() })).status).toBe(201);
  });

  test("a re-upload of the same type replaces the document and removes the old file", async () => {
    const user = await basicUser(stack);
    const first = (await (await upload(stack.kyc.url, user.token, "PASSPORT", { bytes: jpegBytes() })).json()) as any;
    const prefix = `kyc/${await profileId(user.token)}/`;
    const [firstKey] = await storedKeys(stack.s3, prefix);
    const secondBytes = pdfBytes();
    const res = await upload(stack.kyc.url, user.token, "PASSPORT", { bytes: secondBytes }, { docName: "new one" });
    expect(res.status).toBe(201);
    const second = (await res.json()) as any;
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ contentType: "application/pdf", sha256: sha256(secondBytes), docName: "new one" });

    const rows = await documentRows(stack.kyc, user.id);
    expect(rows.map((r) => r.id)).toEqual([second.id]);
    expect(await storedKeys(stack.s3, prefix)).toEqual([rows[0]!.storageKey]);
    expect(rows[0]!.storageKey).not.toBe(firstKey);
    // Nothing is left waiting for cleanup: the old object went right after the commit.
    const pending = await stack.kyc.ctx.db.execute(sql`select storage_key from kyc_object_cleanup where storage_key like ${prefix + "%"}`);
    expect(pending.length).toBe(0);
  });

  test("different types live side by side", async () => {
    const user = await basicUser(stack);
    for (const [type, bytes] of [["PASSPORT", jpegBytes()], ["SELFIE", pngBytes()], ["OTHER", pdfBytes()]] as const) {
      expect((await upload(stack.kyc.url, user.token, type, { bytes })).status).toBe(201);
    }
    const { body } = await getJson(`${stack.kyc.url}/api/v1/kyc`, user.token);
    expect(body.documents.map((d: any) => d.type).sort()).toEqual(["OTHER", "PASSPORT", "SELFIE"]);
    expect(await storedKeys(stack.s3, `kyc/${body.profileId}/`)).toHaveLength(3);
  });
});

describe("refused uploads leave no row and no object", () => {
  const textFile = () => ({ bytes: new TextEncoder().encode("just some text, not an ID"), name: "passport.jpg", contentType: "image/jpeg" });
  const cases: [string, (token: string) => Promise<Response>, number, string?][] = [
    ["a text file claiming to be a JPEG", (t) => upload(stack.kyc.url, t, "PASSPORT", textFile()), 400, "file"],
    ["an empty file", (t) => upload(stack.kyc.url, t, "PASSPORT", { bytes: new Uint8Array(0), name: "empty.png", contentType: "image/png" }), 400, "file"],
    [
      "10 MiB + 1 byte (a real JPEG header)",
      (t) => {
        const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
        big.set([0xff, 0xd8, 0xff, 0xe0]);
        return upload(stack.kyc.url, t, "PASSPORT", { bytes: big, contentType: "image/jpeg" });
      },
      413,
      "file",
    ],
    ["a body over the request limit", (t) => upload(stack.kyc.url, t, "PASSPORT", { bytes: new Uint8Array(12 * 1024 * 1024) }), 413],
    ["no file field", (t) => upload(stack.kyc.url, t, "PASSPORT", null), 400, "file"],
    [
      "the file as a plain text field",
      (t) => {
        const form = new FormData();
        form.append("file", "%PDF-1.4 pretending");
        return fetch(`${stack.kyc.url}/api/v1/kyc/documents?type=PASSPORT`, { method: "POST", headers: bearer(t), body: form });
      },
      400,
      "file",
    ],
    [
      "two files",
      (t) => {
        const form = new FormData();
        form.append("file", new File([jpegBytes()], "a.jpg"));
        form.append("file", new File([jpegBytes()], "b.jpg"));
        return fetch(`${stack.kyc.url}/api/v1/kyc/documents?type=PASSPORT`, { method: "POST", headers: bearer(t), body: form });
      },
      400,
      "file",
    ],
    ["no type", (t) => upload(stack.kyc.url, t, "", { bytes: jpegBytes() }, { query: "" }), 400, "type"],
    ["an unknown type", (t) => upload(stack.kyc.url, t, "BIRTH_CERTIFICATE", { bytes: jpegBytes() }), 400, "type"],
    ["a docName over 200 characters", (t) => upload(stack.kyc.url, t, "PASSPORT", { bytes: jpegBytes() }, { docName: "x".repeat(201) }), 400, "docName"],
    [
      "a JSON body",
      (t) => fetch(`${stack.kyc.url}/api/v1/kyc/documents?type=PASSPORT`, { method: "POST", headers: { ...bearer(t), "content-type": "application/json" }, body: JSON.stringify({ file: "AAAA" }) }),
      415,
    ],
    [
      "a raw JPEG body",
      (t) => fetch(`${stack.kyc.url}/api/v1/kyc/documents?type=PASSPORT`, { method: "POST", headers: { ...bearer(t), "content-type": "image/jpeg" }, body: jpegBytes() }),
      415,
    ],
    [
      "a truncated multipart body",
      (t) => fetch(`${stack.kyc.url}/api/v1/kyc/documents?type=PASSPORT`, { method: "POST", headers: { ...bearer(t), "content-type": "multipart/form-data; boundary=xyz" }, body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8' }),
      400,
    ],
  ];

  let user: Awaited<ReturnType<typeof basicUser>>;
  beforeAll(async () => {
    user = await basicUser(stack);
  });

  for (const [what, send, status, field] of cases) {
    test(what, async () => {
      const res = await send(user.token);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await res.json()) as any;
      expect(problem.status).toBe(status);
      if (field) expect(problem.errors.map((e: any) => e.field)).toContain(field);
      expect(await documentRows(stack.kyc, user.id)).toEqual([]);
      expect(await storedKeys(stack.s3, `kyc/${await profileId(user.token)}/`)).toEqual([]);
    });
  }
});

describe("documents are frozen under review and after verification", () => {
  test("while PENDING_REVIEW an upload is 409 and changes nothing", async () => {
    const user = await pendingUser(stack);
    const before = await documentRows(stack.kyc, user.id);
    const keys = await storedKeys(stack.s3, `kyc/${user.profileId}/`);
    const res = await upload(stack.kyc.url, user.token, "PASSPORT", { bytes: jpegBytes() });
    expect(res.status).toBe(409);
    expect(((await res.json()) as any).detail).toContain("under review");
    expect(await documentRows(stack.kyc, user.id)).toEqual(before);
    expect(await storedKeys(stack.s3, `kyc/${user.profileId}/`)).toEqual(keys);
  });

  test("once VERIFIED an upload is 409", async () => {
    const user = await pendingUser(stack);
    await stack.rpc.approve({ profileId: user.profileId, adminId: Bun.randomUUIDv7() });
    const res = await upload(stack.kyc.url, user.token, "UTILITY_BILL", { bytes: pdfBytes() });
    expect(res.status).toBe(409);
    expect(await storedKeys(stack.s3, `kyc/${user.profileId}/UTILITY_BILL/`)).toEqual([]);
  });
});

describe("races", () => {
  test("a submission that commits while the file is being stored wins: the upload is refused and its object deleted", async () => {
    const user = await basicUser(stack);
    for (const [type, bytes] of [["PASSPORT", jpegBytes()], ["SELFIE", pngBytes()]] as const) expect((await upload(stack.kyc.url, user.token, type, { bytes })).status).toBe(201);
    const real = createS3Storage(storageSettings(stack.s3));
    // The real store, with the user's submission slipped in between storing the bytes and saving the row.
    const racing: DocumentStorage = {
      ...real,
      async put(key, bytes, contentType) {
        await real.put(key, bytes, contentType);
        const res = await fetch(`${stack.kyc.url}/api/v1/kyc/submit`, { method: "POST", headers: bearer(user.token) });
        expect(res.status).toBe(201);
      },
    };
    try {
      const docs = createDocuments({ db: stack.kyc.ctx.db, storage: racing, log: stack.kyc.ctx.log });
      const err = await docs.upload({ userId: user.id, type: "UTILITY_BILL", docName: null, bytes: pdfBytes() }).then(() => null, (e) => e);
      expect((err as Error).message).toContain("under review");
    } finally {
      real.close();
    }
    const pid = await profileId(user.token);
    expect((await documentRows(stack.kyc, user.id)).map((d) => d.type).sort()).toEqual(["PASSPORT", "SELFIE"]);
    expect(await storedKeys(stack.s3, `kyc/${pid}/UTILITY_BILL/`)).toEqual([]);
    expect((await stack.kyc.ctx.db.execute(sql`select 1 from kyc_object_cleanup where storage_key like ${`kyc/${pid}/%`}`)).length).toBe(0);
  });
});

describe("storage outage", () => {
  test("an unreachable store is a 503 with no row, and the service keeps answering", async () => {
    const broken = await stack.replica({ S3_ENDPOINT: "http://127.0.0.1:1" });
    try {
      const user = await basicUser(stack);
      const res = await upload(broken.url, user.token, "PASSPORT", { bytes: jpegBytes() });
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(((await res.json()) as any).code).toBe("UNAVAILABLE");
      expect(await documentRows(stack.kyc, user.id)).toEqual([]);
      // The key it tried stays listed for cleanup, in case the store did take the bytes.
      const listed = await stack.kyc.ctx.db.execute(sql`select 1 from kyc_object_cleanup where storage_key like ${`kyc/${await profileId(user.token)}/%`}`);
      expect(listed.length).toBe(1);
      expect((await getJson(`${broken.url}/api/v1/kyc`, user.token)).status).toBe(200);
    } finally {
      await broken.stop();
    }
  });
});

describe("cleanup of objects without a row", () => {
  test("an object whose upload never committed is deleted once due", async () => {
    const user = await basicUser(stack);
    const pid = await profileId(user.token);
    const key = `kyc/${pid}/OTHER/${Bun.randomUUIDv7()}.png`;
    // As if the process died between storing the bytes and committing the row.
    await stack.kyc.ctx.db.execute(sql`insert into kyc_object_cleanup (storage_key, delete_after) values (${key}, now() - interval '1 second')`);
    await storeObject(stack.s3, key, pngBytes());
    expect(await storedKeys(stack.s3, `kyc/${pid}/OTHER/`)).toEqual([key]);

    const storage = createS3Storage(storageSettings(stack.s3));
    try {
      await createDocuments({ db: stack.kyc.ctx.db, storage, log: stack.kyc.ctx.log }).cleanupDue();
    } finally {
      storage.close();
    }
    expect(await storedKeys(stack.s3, `kyc/${pid}/OTHER/`)).toEqual([]);
    expect((await stack.kyc.ctx.db.execute(sql`select 1 from kyc_object_cleanup where storage_key = ${key}`)).length).toBe(0);
  });
});
