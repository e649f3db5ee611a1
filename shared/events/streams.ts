import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager } from "nats";
import { domainSubjects, streamOf } from "./envelope.ts";

const RETENTION_DAYS = 30;

/** Creates (or updates) one stream per event domain; safe to run from several services at once. */
export async function ensureStreams(jsm: JetStreamManager, domains: readonly string[]): Promise<void> {
  for (const domain of domains) {
    const config = {
      name: streamOf(domain),
      subjects: [domainSubjects(domain)],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(RETENTION_DAYS * 24 * 3600 * 1000),
      duplicate_window: nanos(2 * 60 * 1000),
    };
    try {
      await jsm.streams.info(config.name);
    } catch {
      try {
        await jsm.streams.add(config);
      } catch (err) {
        // Another service created it between our check and add.
        if (!/already in use|exists/i.test(String((err as Error).message))) throw err;
      }
    }
  }
}
