import { expect, test } from "bun:test";
import { initials } from "./initials.ts";

test("first and last word", () => {
  expect(initials("Ada Lovelace")).toBe("AL");
  expect(initials("ada king lovelace")).toBe("AL");
});

test("single word gives one letter", () => {
  expect(initials("Cher")).toBe("C");
});

test("falls back to the e-mail, then ?", () => {
  expect(initials("", "zoe@example.com")).toBe("Z");
  expect(initials(null, null)).toBe("?");
  expect(initials("   ")).toBe("?");
});

test("handles letters outside the BMP and accents", () => {
  expect(initials("élodie ørsted")).toBe("ÉØ");
  expect(initials("𝒜lice Bob")).toBe("𝒜B");
});
