import { expect, test } from "bun:test";
import type { ApiResult, AuthClient, TokenResponse } from "../clients/auth.ts";
import { RefreshCoordinator } from "./session.ts";

const meta = { requestId: "r1" };

/** An AuthClient whose refresh answers from a script; the coordinator only calls refresh. */
function scriptedAuth(answers: ApiResult<TokenResponse>[]) {
  let calls = 0;
  const client = {
    refresh: async () => {
      calls++;
      await Bun.sleep(5);
      return answers.shift() ?? { ok: false, status: 401, problem: { status: 401 } };
    },
  } as unknown as AuthClient;
  return { client, calls: () => calls };
}

const pair = (n: number): ApiResult<TokenResponse> => ({ ok: true, status: 200, data: { access_token: `a${n}`, refresh_token: `r${n}` }, headers: new Headers() });

test("concurrent refreshes of one token share a single call and answer", async () => {
  const auth = scriptedAuth([pair(1), pair(2)]);
  const coordinator = new RefreshCoordinator(auth.client);
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => coordinator.refresh(meta, "r0")));
  expect(auth.calls()).toBe(1);
  expect(a).toEqual(pair(1));
  expect(b).toBe(a!);
  expect(c).toBe(a!);
  // A straggler with the old cookie inside the grace period gets the same pair.
  expect(await coordinator.refresh(meta, "r0")).toBe(a!);
  expect(auth.calls()).toBe(1);
});

test("the remembered answer expires after the grace period", async () => {
  let now = 1_000;
  const auth = scriptedAuth([pair(1), pair(2)]);
  const coordinator = new RefreshCoordinator(auth.client, { graceMs: 100, now: () => now });
  await coordinator.refresh(meta, "r0");
  now += 101;
  expect(await coordinator.refresh(meta, "r0")).toEqual(pair(2));
  expect(auth.calls()).toBe(2);
});

test("failures are not remembered", async () => {
  const auth = scriptedAuth([{ ok: false, status: 503, problem: { status: 503 } }, pair(1)]);
  const coordinator = new RefreshCoordinator(auth.client);
  expect((await coordinator.refresh(meta, "r0")).ok).toBe(false);
  expect(coordinator.size).toBe(0);
  expect(await coordinator.refresh(meta, "r0")).toEqual(pair(1));
});
