import { CATEGORIES } from "../../../proto-like-schemas/transactions.ts";

export { CATEGORIES };
export type Category = (typeof CATEGORIES)[number];
