import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseTargetUrl } from "./domain/target-url.ts";
import { sendAttempt } from "./sender.ts";

/** A self-signed certificate for the name hooks.test only (test fixture, never trusted outside this file). */
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOFcW7LFRc8RumZCj
pSr96Ivjj3SG+3TGIBKpq0w41HWhRANCAARYqgXYGrTkobbTy7EVjyaoaG6H83Nz
QQ2dXyHySPctSMoXKp2Hle9awI7EX5aRMzUqBvjnXrdwSu9iLLIcJmz0
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBmTCCAT6gAwIBAgIUb6d5QE90mHdzqDlWmCfJMJl+7AowCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKaG9va3MudGVzdDAgFw0yNjExMjEwMDIxMDhaGA8yMTI2MTAy
ODAwMjEwOFowFTETMBEGA1UEAwwKaG9va3MudGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABFiqBdgatOShttPLsRWPJqhobofzc3NBDZ1fIfJI9y1IyhcqnYeV
71rAjsRflpEzNSoG+Odet3BK72IsshwmbPSjajBoMB0GA1UdDgQWBBRWRTJachDO
zMkZy3B8PgXr74h8BjAfBgNVHSMEGDAWgBRWRTJachDOzMkZy3B8PgXr74h8BjAP
BgNVHRMBAf8EBTADAQH/MBUGA1UdEQQOMAyCCmhvb2tzLnRlc3QwCgYIKoZIzj0E
AwIDSQAwRgIhAJ6qm8AqMeD72F89voRQX81tFH++weD48zmKEv7+E9K4AiEA69dN
Xm449ZbmD3If2cb9/pQM/HyXEf1BW8ICEF3RWYk=
-----END CERTIFICATE-----`;

let server: ReturnType<typeof Bun.serve>;
const seen: { host: string | null; body: string }[] = [];
beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls: { key: KEY, cert: CERT },
    fetch: async (req) => {
      seen.push({ host: req.headers.get("host"), body: await req.text() });
      return new Response("x".repeat(4096), { status: 202 });
    },
  });
});
afterAll(() => server.stop(true));

const checked = (url: string, address: string) => {
  const target = parseTargetUrl(url, { allowPrivateTargets: true });
  if (!target.ok) throw new Error(target.reason);
  return { target: target.value, address };
};

describe("HTTPS to the checked address", () => {
  test("connects to the pinned address, sends the name in Host and SNI, and checks the certificate against the name", async () => {
    // hooks.test resolves nowhere: the request can only have gone to the address we pinned.
    const report = await sendAttempt({ checked: checked(`https://hooks.test:${server.port}/in`, "127.0.0.1"), headers: { "webhook-id": "msg_1" }, body: "{}", timeoutMs: 5_000, ca: CERT });
    expect(report).toMatchObject({ result: { kind: "response", status: 202 }, responseStatus: 202, error: null });
    expect(report.responseBody).toHaveLength(1024);
    expect(seen.at(-1)).toEqual({ host: `hooks.test:${server.port}`, body: "{}" });
  });

  test("a certificate for another name is refused", async () => {
    const before = seen.length;
    const report = await sendAttempt({ checked: checked(`https://other.test:${server.port}/in`, "127.0.0.1"), headers: {}, body: "{}", timeoutMs: 5_000, ca: CERT });
    expect(report.result).toEqual({ kind: "error" });
    expect(report.error).toStartWith("Connection failed");
    expect(seen.length).toBe(before);
  });

  test("an untrusted certificate is refused", async () => {
    const report = await sendAttempt({ checked: checked(`https://hooks.test:${server.port}/in`, "127.0.0.1"), headers: {}, body: "{}", timeoutMs: 5_000 });
    expect(report.result).toEqual({ kind: "error" });
  });
});
