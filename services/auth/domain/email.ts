/** E-mail addresses are compared and stored lower-cased, so Ann@x.com and ann@x.com are one account. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Escapes LIKE wildcards so a search for "a_b%" matches those characters literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const SEARCH_MIN_LENGTH = 3;
export const SEARCH_LIMIT = 10;
