import { describe, expect, test } from "bun:test";
import { firstName, greeting, greetingForHour, hourIn, isValidTimeZone } from "./greeting.ts";

describe("greetingForHour", () => {
  test("morning before noon", () => {
    expect(greetingForHour(0)).toBe("Good morning");
    expect(greetingForHour(11)).toBe("Good morning");
  });
  test("afternoon from 12 to 16", () => {
    expect(greetingForHour(12)).toBe("Good afternoon");
    expect(greetingForHour(16)).toBe("Good afternoon");
  });
  test("evening from 17", () => {
    expect(greetingForHour(17)).toBe("Good evening");
    expect(greetingForHour(23)).toBe("Good evening");
  });
});

describe("hourIn", () => {
  const at = new Date("2025-01-15T10:30:00Z");
  test("uses the given zone", () => {
    expect(hourIn(at, "UTC")).toBe(10);
    expect(hourIn(at, "America/New_York")).toBe(5);
    expect(hourIn(at, "Asia/Tokyo")).toBe(19);
  });
  test("falls back to UTC for unknown zones", () => {
    expect(hourIn(at, undefined)).toBe(10);
    expect(hourIn(at, "Not/AZone")).toBe(10);
  });
  test("midnight is hour 0", () => {
    expect(hourIn(new Date("2025-01-15T00:05:00Z"), "UTC")).toBe(0);
  });
});

test("isValidTimeZone", () => {
  expect(isValidTimeZone("Europe/Berlin")).toBe(true);
  expect(isValidTimeZone("")).toBe(false);
  expect(isValidTimeZone("Mars/Olympus")).toBe(false);
});

test("firstName", () => {
  expect(firstName("Ada Lovelace")).toBe("Ada");
  expect(firstName("  Grace   Hopper ")).toBe("Grace");
  expect(firstName("")).toBeUndefined();
  expect(firstName(null)).toBeUndefined();
});

test("greeting combines hour and first name", () => {
  const evening = new Date("2025-01-15T19:00:00Z");
  expect(greeting(evening, "UTC", "Ada Lovelace")).toBe("Good evening, Ada");
  expect(greeting(evening, "UTC", undefined)).toBe("Good evening");
});
