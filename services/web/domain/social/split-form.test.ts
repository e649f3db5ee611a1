import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { centsToInput, MAX_CENTS } from "../money/money.ts";
import { addParticipant, allocation, checkSplit, field, newSplitDraft, readSplitDraft, readSplitOp, removeParticipant, splitDraftEvenly, type SplitDraft } from "./split-form.ts";

const me = { id: "0196f000-0000-7000-8000-000000000001", name: "Me Myself", email: "me@example.com" };
const ann = { id: "0196f000-0000-7000-8000-000000000002", name: "Ann", email: "ann@example.com" };
const ben = { id: "0196f000-0000-7000-8000-000000000003", name: null, email: "ben@example.com" };

const draft = (over: Partial<SplitDraft> = {}): SplitDraft => ({
  title: "Dinner",
  total: "90.00",
  q: "",
  participants: [
    { userId: me.id, name: me.name, email: me.email, amount: "30" },
    { userId: ann.id, name: "Ann", email: ann.email, amount: "30.00" },
    { userId: ben.id, name: "", email: ben.email, amount: "30" },
  ],
  ...over,
});

describe("reading the draft from the form", () => {
  test("participants by index, each once, ids that are no user id left out", () => {
    const read = readSplitDraft({
      title: "  Taxi ",
      total: "12",
      q: "an",
      [field.id(0)]: ann.id,
      [field.name(0)]: "Ann",
      [field.email(0)]: ann.email,
      [field.amount(0)]: "6",
      [field.id(1)]: "not-an-id",
      [field.amount(1)]: "3",
      [field.id(2)]: ann.id.toUpperCase(),
      [field.amount(2)]: "9",
      [field.id(7)]: ben.id,
      [field.email(7)]: ben.email,
      [field.amount(7)]: "6",
    });
    expect(read).toEqual({
      title: "Taxi",
      total: "12",
      q: "an",
      participants: [
        { userId: ann.id, name: "Ann", email: ann.email, amount: "6" },
        { userId: ben.id, name: "", email: ben.email, amount: "6" },
      ],
    });
  });

  test("the button: search, add, remove, even; anything else creates", () => {
    expect(readSplitOp("search")).toEqual({ kind: "search" });
    expect(readSplitOp("even")).toEqual({ kind: "even" });
    expect(readSplitOp(`add:${ann.id}`)).toEqual({ kind: "add", userId: ann.id });
    expect(readSplitOp(`remove:${ann.id.toUpperCase()}`)).toEqual({ kind: "remove", userId: ann.id });
    expect(readSplitOp("add:nobody")).toEqual({ kind: "create" });
    expect(readSplitOp(undefined)).toEqual({ kind: "create" });
    expect(readSplitOp("create")).toEqual({ kind: "create" });
  });
});

describe("allocation", () => {
  test("says how much is allocated of the total, and what is left or too much", () => {
    expect(allocation(draft())).toMatchObject({ totalCents: 9_000, allocatedCents: 9_000, balanced: true, text: "Allocated $90.00 of $90.00" });
    expect(allocation(draft({ total: "100" })).text).toBe("Allocated $90.00 of $100.00: $10.00 left to allocate");
    expect(allocation(draft({ total: "89.99" })).text).toBe("Allocated $90.00 of $89.99: $0.01 too much");
    expect(allocation(draft({ total: "" })).text).toBe("Allocated $90.00 (enter the total)");
  });

  test("a share that does not read as an amount is not balanced, even if the rest add up", () => {
    const d = draft({ total: "60" });
    d.participants[2]!.amount = "abc";
    expect(allocation(d)).toMatchObject({ allocatedCents: 6_000, balanced: false });
  });
});

describe("checking the split", () => {
  test("shares that add up to the cent make the split, the creator's share included", () => {
    expect(checkSplit(draft(), me.id)).toEqual({
      ok: true,
      value: {
        title: "Dinner",
        totalCents: 9_000,
        participants: [
          { userId: me.id, amountCents: 3_000 },
          { userId: ann.id, amountCents: 3_000 },
          { userId: ben.id, amountCents: 3_000 },
        ],
      },
    });
  });

  test("shares a cent off are refused with the sum and the total", () => {
    const r = checkSplit(draft({ total: "90.01" }), me.id);
    expect(r).toEqual({ ok: false, errors: { fields: { shares: "The shares must add up to the total to the cent. Allocated $90.00 of $90.01: $0.01 left to allocate." } } });
  });

  test("every field's message at once", () => {
    const d = draft({ title: "", total: "ten" });
    d.participants[1]!.amount = "";
    d.participants[2]!.amount = "1.234";
    const r = checkSplit(d, me.id);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.fields).toEqual({
      title: expect.stringContaining("title"),
      total: "Enter an amount in dollars, like 12.50.",
      [field.amount(1)]: "Enter this person's share.",
      [field.amount(2)]: "Use at most two decimal places (cents).",
    });
  });

  test("only the creator in it: someone else must be added", () => {
    const r = checkSplit({ ...newSplitDraft(me), title: "Solo", total: "5" }, me.id);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.fields.q).toBe("Add at least one other person to split with.");
  });

  test("a title longer than 255 characters is refused", () => {
    const r = checkSplit(draft({ title: "x".repeat(256) }), me.id);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.fields.title).toBe("Use at most 255 characters.");
  });
});

describe("changing the draft", () => {
  test("adding someone once, removing them", () => {
    const start = newSplitDraft(me);
    const added = addParticipant({ ...start, q: "ann" }, ann);
    expect(added.draft.participants.map((p) => p.userId)).toEqual([me.id, ann.id]);
    expect(added.draft.q).toBe("");
    const twice = addParticipant(added.draft, ann);
    expect(twice.draft).toBe(added.draft);
    expect(twice.errors.fields.q).toBe("Ann is already in this split.");
    expect(removeParticipant(added.draft, ann.id).participants.map((p) => p.userId)).toEqual([me.id]);
  });

  test("split evenly gives the odd cents to the first people", () => {
    const { draft: even } = splitDraftEvenly(draft({ total: "10" }));
    expect(even.participants.map((p) => p.amount)).toEqual(["3.34", "3.33", "3.33"]);
    expect(splitDraftEvenly(draft({ total: "" })).errors.fields.total).toBe("Enter the total first, then split it evenly.");
  });

  test("property: after splitting evenly the shares add up to the total, to the cent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_CENTS }), fc.integer({ min: 1, max: 50 }), (totalCents, people) => {
        const d: SplitDraft = {
          title: "T",
          total: centsToInput(totalCents),
          q: "",
          participants: Array.from({ length: people }, (_, i) => ({ userId: `0196f000-0000-7000-8000-${String(i).padStart(12, "0")}`, name: "", email: `p${i}@example.com`, amount: "" })),
        };
        const { draft: even } = splitDraftEvenly(d);
        const a = allocation(even);
        expect(a.allocatedCents).toBe(totalCents);
        // Zero-cent shares (a total smaller than the number of people) are the only thing left to refuse.
        expect(a.balanced).toBe(totalCents >= people);
      }),
      { numRuns: 500 },
    );
  });
});
