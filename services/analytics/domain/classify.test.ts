import { describe, expect, test } from "bun:test";
import { categorise, classifyText, words } from "./classify.ts";

describe("classifyText", () => {
  test.each([
    ["Lunch at the restaurant", "FOOD"],
    ["Starbucks", "FOOD"],
    ["McDonald's drive-through", "FOOD"],
    ["weekly groceries", "FOOD"],
    ["grocery run", "FOOD"],
    ["utilities", "UTILITIES"],
    ["Uber Eats", "FOOD"],
    ["uber eats order", "FOOD"],
    ["UberEats", "FOOD"],
    ["door dash", "FOOD"],
    ["uber ride home", "TRANSPORT"],
    ["Lyft", "TRANSPORT"],
    ["bus ticket", "TRANSPORT"],
    ["buses to the airport", "TRANSPORT"],
    ["Train to Boston", "TRANSPORT"],
    ["Subway card top-up", "TRANSPORT"],
    ["Netflix", "ENTERTAINMENT"],
    ["movies on friday", "ENTERTAINMENT"],
    ["Amazon Prime", "ENTERTAINMENT"],
    ["new board game", "ENTERTAINMENT"],
    ["electricity", "UTILITIES"],
    ["AT&T", "UTILITIES"],
    ["phone bill", "UTILITIES"],
    ["gas for the heating", "UTILITIES"],
  ] as const)("%p → %s", (text, category) => {
    expect(classifyText(text)).toBe(category);
  });

  // The substring false positives of the original (G-49) are gone.
  test.each([
    ["business lunch meeting", "OTHER"],
    ["weekend in Las Vegas", "OTHER"],
    ["bill split", "OTHER"],
    ["Split the bill for Sam", "OTHER"],
    ["training course", "OTHER"],
    ["the endgame", "OTHER"],
    ["subwayfare", "OTHER"],
    ["waterloo", "OTHER"],
    ["amazon", "OTHER"],
  ] as const)("%p → %s (no substring match)", (text, category) => {
    expect(classifyText(text)).toBe(category);
  });

  test("a neutral phrase does not hide a real keyword elsewhere", () => {
    expect(classifyText("bill split: water bill")).toBe("UTILITIES");
    expect(classifyText("split the bill at the pizza place")).toBe("FOOD");
  });

  test("earlier rules win when several match", () => {
    expect(classifyText("coffee on the train")).toBe("FOOD");
    expect(classifyText("taxi to the cinema")).toBe("TRANSPORT");
  });

  test("nothing to go on → OTHER", () => {
    expect(classifyText("")).toBe("OTHER");
    expect(classifyText("   ")).toBe("OTHER");
    expect(classifyText("rent")).toBe("OTHER");
    expect(classifyText("🙂 thanks!")).toBe("OTHER");
  });
});

describe("words", () => {
  test("splits on punctuation but keeps & inside a word; case-insensitive", () => {
    expect(words("AT&T, McDonald's / Uber-Eats")).toEqual(["at&t", "mcdonald", "s", "uber", "eats"]);
  });
});

describe("categorise", () => {
  test("the payer's category wins over the keywords", () => {
    expect(categorise({ category: "ENTERTAINMENT", description: "pizza", merchant: null })).toEqual({ category: "ENTERTAINMENT", source: "USER" });
  });

  test("description and merchant are both read", () => {
    expect(categorise({ category: null, description: "thanks", merchant: "Chipotle" })).toEqual({ category: "FOOD", source: "KEYWORD" });
    expect(categorise({ category: null, description: "Uber", merchant: "Eats" })).toEqual({ category: "FOOD", source: "KEYWORD" });
  });

  test("no category and no keyword → OTHER by default", () => {
    expect(categorise({ category: null, description: null, merchant: null })).toEqual({ category: "OTHER", source: "DEFAULT" });
  });
});
