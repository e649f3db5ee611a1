/** Escapes LIKE wildcards (and the escape character itself) so user text matches literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
