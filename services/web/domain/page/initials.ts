/**
 * Up to two upper-case initials for an avatar: first letters of the first and last words of the
 * name, else the first letter of the e-mail, else "?".
 */
export function initials(name: string | null | undefined, email?: string | null): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  const firstLetter = (word: string | undefined) => (word ? (Array.from(word)[0] ?? "") : "");
  let result = "";
  if (words.length > 0) {
    result = firstLetter(words[0]);
    if (words.length > 1) result += firstLetter(words[words.length - 1]);
  } else if (email) {
    result = firstLetter(email.trim());
  }
  return result ? result.toLocaleUpperCase() : "?";
}
