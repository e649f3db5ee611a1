import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { MoneyUser } from "../../tests/harness/money.ts";
import { startSocialStack, type SocialStack } from "./test-support.ts";

setDefaultTimeout(120_000);

let stack: SocialStack;
beforeAll(async () => {
  stack = await startSocialStack();
});
afterAll(() => stack.stop());

const party = (u: MoneyUser, name: string) => ({ id: u.id, name, email: u.email });

describe("money requests name the other party", () => {
  test("each side sees the other by name and e-mail, in every answer", async () => {
    const [ann, ben] = await Promise.all([stack.mesh.user({ name: "Ann Asker" }), stack.mesh.user({ name: "Ben Payer" })]);
    const created = await stack.api("POST", "/requests", ann, { recipientId: ben.id, amount: 700 });
    expect(created.status).toBe(201);
    expect(created.body.counterparty).toEqual(party(ben, "Ben Payer"));

    const id = created.body.id;
    expect((await stack.api("GET", "/requests", ann)).body.items.map((r: any) => r.counterparty)).toEqual([party(ben, "Ben Payer")]);
    expect((await stack.api("GET", "/requests", ben)).body.items.map((r: any) => r.counterparty)).toEqual([party(ann, "Ann Asker")]);
    expect((await stack.api("GET", `/requests/${id}`, ben)).body.counterparty).toEqual(party(ann, "Ann Asker"));

    const declined = await stack.api("POST", `/requests/${id}/decline`, ben);
    expect(declined.status).toBe(201);
    expect(declined.body.counterparty).toEqual(party(ann, "Ann Asker"));
    const again = await stack.api("POST", "/requests", ann, { recipientId: ben.id, amount: 800 });
    const cancelled = await stack.api("DELETE", `/requests/${again.body.id}`, ann);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.counterparty).toEqual(party(ben, "Ben Payer"));
  });
});

describe("bill splits name their creator and every participant", () => {
  test("create, list, detail and pay answers carry names and e-mail addresses", async () => {
    const [cleo, ann, ben] = await Promise.all([stack.mesh.user({ name: "Cleo Creator" }), stack.mesh.user({ name: "Ann Share", balance: 5_000 }), stack.mesh.user({ name: "Ben Share" })]);
    const created = await stack.api("POST", "/splits", cleo, {
      title: "Picnic",
      totalCents: 900,
      participants: [
        { userId: cleo.id, amountCents: 300 },
        { userId: ann.id, amountCents: 300 },
        { userId: ben.id, amountCents: 300 },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.creator).toEqual(party(cleo, "Cleo Creator"));
    const people = (shares: any[]) => Object.fromEntries(shares.map((s) => [s.userId, { name: s.name, email: s.email }]));
    const everyone = { [cleo.id]: { name: "Cleo Creator", email: cleo.email }, [ann.id]: { name: "Ann Share", email: ann.email }, [ben.id]: { name: "Ben Share", email: ben.email } };
    expect(people(created.body.participants)).toEqual(everyone);

    const annsList = await stack.api("GET", "/splits", ann);
    expect(annsList.body.items.map((s: any) => s.creator)).toEqual([party(cleo, "Cleo Creator")]);
    const detail = await stack.api("GET", `/splits/${created.body.id}`, ben);
    expect(detail.body.creator).toEqual(party(cleo, "Cleo Creator"));
    expect(people(detail.body.participants)).toEqual(everyone);

    const paid = await stack.api("POST", `/splits/${created.body.id}/pay`, ann);
    expect(paid.status).toBe(201);
    expect(paid.body.share).toMatchObject({ userId: ann.id, name: "Ann Share", email: ann.email, status: "PAID" });
  });
});
