/** Polls until the check returns a value that is not undefined/false, or fails after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      lastError = err;
    }
    await Bun.sleep(opts.intervalMs ?? 50);
  }
  throw new Error(`Timed out waiting for ${opts.what ?? "condition"}${lastError ? `: ${(lastError as Error).message}` : ""}`);
}
