import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { fieldOfApiError, FILTER_KEYS, filterQuery, parseFilters } from "./transaction-filters.ts";

const parse = (query: string, tz = "UTC") => parseFilters(new URLSearchParams(query), tz);

describe("transaction filters from the URL", () => {
  test("no filters: nothing asked of the API beyond the list", () => {
    expect(parse("")).toEqual({ values: {}, api: {}, errors: {}, active: false });
    expect(parse("q=&type=&status=&direction=all&from=&to=&min=&max=")).toEqual({ values: {}, api: {}, errors: {}, active: false });
  });

  test("every filter, turned into the API's names and units", () => {
    const f = parse("q=+pizza+&type=TRANSFER&status=COMPLETED&direction=sent&from=2026-03-01&to=2026-03-03&min=5&max=1%2C200.50", "America/New_York");
    expect(f.errors).toEqual({});
    expect(f.active).toBe(true);
    expect(f.values).toEqual({ q: "pizza", type: "TRANSFER", status: "COMPLETED", direction: "sent", from: "2026-03-01", to: "2026-03-03", min: "5", max: "1,200.50" });
    expect(f.api).toEqual({
      q: "pizza",
      type: "TRANSFER",
      status: "COMPLETED",
      direction: "sent",
      from: "2026-03-01T05:00:00.000Z",
      to: "2026-03-04T04:59:59.999Z",
      minAmount: 500,
      maxAmount: 120_050,
    });
  });

  test("a single day is the whole of that day in the user's zone", () => {
    expect(parse("from=2026-03-03&to=2026-03-03", "Asia/Kolkata").api).toMatchObject({ from: "2026-03-02T18:30:00.000Z", to: "2026-03-03T18:29:59.999Z" });
    expect(parse("from=2026-03-03&to=2026-03-03").api).toMatchObject({ from: "2026-03-03T00:00:00.000Z", to: "2026-03-03T23:59:59.999Z" });
  });

  test("bad values get a message on their own field and nothing is asked of the API", () => {
    const f = parse("min=abc&max=1.234&from=2026-02-30&type=GIFT&status=lost&direction=up&q=" + "x".repeat(101));
    expect(f.api).toBeNull();
    expect(f.errors).toEqual({
      min: "Enter an amount in dollars, like 12.50.",
      max: "Use at most two decimal places (cents).",
      from: "Enter a date like 2026-03-31.",
      type: "Choose a type from the list.",
      status: "Choose a status from the list.",
      direction: "Choose sent or received.",
      q: "Search for at most 100 characters.",
    });
    // What was typed stays in the form, so the user can fix it.
    expect(f.values.min).toBe("abc");
  });

  test("ranges the wrong way round are refused on the upper field", () => {
    expect(parse("from=2026-03-05&to=2026-03-01").errors).toEqual({ to: "The end date must be on or after the start date." });
    expect(parse("min=20&max=10").errors).toEqual({ max: "The maximum must be at least the minimum." });
    expect(parse("min=10&max=10").api).toEqual({ minAmount: 1000, maxAmount: 1000 });
    expect(parse("min=-5").errors.min).toBe("Enter an amount greater than zero.");
  });

  test("the canonical query lists set filters in a fixed order and is stable", () => {
    expect(filterQuery({})).toBe("");
    expect(filterQuery({ max: "9", type: "TOPUP", q: "a b" }, { cursor: "abc" })).toBe("?q=a+b&type=TOPUP&max=9&cursor=abc");
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FILTER_KEYS, "other"), fc.string({ maxLength: 12 })), (raw) => {
        const once = filterQuery(parse(new URLSearchParams(raw).toString()).values);
        expect(filterQuery(parse(once.slice(1)).values)).toBe(once);
      }),
    );
  });

  test("the API's field names map back to the form's", () => {
    expect(fieldOfApiError("minAmount")).toBe("min");
    expect(fieldOfApiError("maxAmount")).toBe("max");
    expect(fieldOfApiError("q")).toBe("q");
    expect(fieldOfApiError("cursor")).toBeUndefined();
  });
});
