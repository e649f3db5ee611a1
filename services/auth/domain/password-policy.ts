export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Returns what is wrong with a password, or null when it meets the policy. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Password must be at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `Password must be at most ${PASSWORD_MAX} characters`;
  if (!/\p{L}/u.test(password)) return "Password must contain a letter";
  if (!/\p{Nd}/u.test(password)) return "Password must contain a digit";
  return null;
}
