import type { Category } from "./categories.ts";

/**
 * Keyword classification of a transfer that the payer did not categorise. Rules are tried in order
 * and the first with a matching keyword wins (so "uber eats" is FOOD before "uber" is TRANSPORT).
 * Keywords match whole words only (G-49): "bus" is not in "business", "gas" is not in "Las Vegas",
 * "train" is not in "training"; plurals are allowed ("movies", "bills", "groceries").
 */
interface Rule {
  category: Exclude<Category, "OTHER">;
  keywords: readonly string[];
}

export const CLASSIFICATION_RULES: readonly Rule[] = [
  {
    category: "FOOD",
    keywords: ["restaurant", "cafe", "coffee", "mcdonald", "burger", "pizza", "chipotle", "starbucks", "food", "doordash", "door dash", "grubhub", "grub hub", "ubereats", "uber eats", "instacart", "grocery", "supermarket"],
  },
  { category: "TRANSPORT", keywords: ["uber", "lyft", "taxi", "transit", "train", "flight", "airline", "bus", "metro", "subway"] },
  {
    category: "ENTERTAINMENT",
    keywords: ["netflix", "spotify", "amazon prime", "hulu", "disney", "hbo", "youtube", "apple music", "theater", "cinema", "movie", "concert", "game"],
  },
  { category: "UTILITIES", keywords: ["electric", "electricity", "water", "gas", "internet", "phone", "mobile", "cable", "utility", "bill", "verizon", "at&t", "comcast"] },
];

/**
 * Phrases whose words say nothing about the category: splitting a bill is not a utility bill
 * (G-49). Keyword hits inside one of them are ignored.
 */
const NEUTRAL_PHRASES: readonly string[] = ["bill split", "split bill", "split the bill", "splitting the bill", "bill splitting"];

/** Lower-case words; "&" stays inside a word so "AT&T" is one word, apostrophes split ("mcdonald's"). */
export function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}&]+/u).filter(Boolean);
}

const phrase = (p: string) => p.split(" ");
/** The keyword itself, or (for the last word of a keyword) its plural: "movies", "buses", "groceries". */
function wordMatches(word: string, keyword: string, last: boolean): boolean {
  if (word === keyword) return true;
  if (!last) return false;
  return word === `${keyword}s` || word === `${keyword}es` || (keyword.endsWith("y") && word === `${keyword.slice(0, -1)}ies`);
}

/** Start positions where `keyword` (one or more words) occurs in `tokens`. */
function occurrences(tokens: readonly string[], keyword: readonly string[], allowPlural: boolean): number[] {
  const found: number[] = [];
  for (let i = 0; i + keyword.length <= tokens.length; i++) {
    if (keyword.every((k, j) => wordMatches(tokens[i + j]!, k, allowPlural && j === keyword.length - 1))) found.push(i);
  }
  return found;
}

/** Token positions covered by a neutral phrase. */
function neutralPositions(tokens: readonly string[]): Set<number> {
  const covered = new Set<number>();
  for (const p of NEUTRAL_PHRASES.map(phrase)) {
    for (const start of occurrences(tokens, p, false)) for (let j = 0; j < p.length; j++) covered.add(start + j);
  }
  return covered;
}

export function classifyText(text: string): Category {
  const tokens = words(text);
  if (tokens.length === 0) return "OTHER";
  const neutral = neutralPositions(tokens);
  for (const rule of CLASSIFICATION_RULES) {
    for (const keyword of rule.keywords) {
      const parts = phrase(keyword);
      const hit = occurrences(tokens, parts, true).some((start) => parts.some((_, j) => !neutral.has(start + j)));
      if (hit) return rule.category;
    }
  }
  return "OTHER";
}

export type CategorySource = "USER" | "KEYWORD" | "DEFAULT";

/** The payer's own category wins; otherwise the keywords of description and merchant decide. */
export function categorise(input: { category: Category | null; description: string | null; merchant: string | null }): { category: Category; source: CategorySource } {
  if (input.category) return { category: input.category, source: "USER" };
  const category = classifyText(`${input.description ?? ""} ${input.merchant ?? ""}`);
  return { category, source: category === "OTHER" ? "DEFAULT" : "KEYWORD" };
}
