/**
 * Loaded before the test files (bunfig.toml). Starts nothing: tests call getInfra() and
 * friends, which start servers on first use and share them across the files of the run.
 * This only makes sure they are stopped and the temporary folder is removed, however the
 * run ends.
 *
 * In a normal `bun test` run a preload's afterAll runs once, after the last file (neither
 * "beforeExit" nor "exit" fires when the runner finishes). "exit" does fire on process.exit()
 * and the signal handlers cover Ctrl-C / kill. With --parallel or --isolate each file gets a
 * fresh module state, so servers are started and stopped per file there.
 */
import { afterAll } from "bun:test";
import { stopAll, stopAllSync } from "./infra.ts";

afterAll(async () => {
  await stopAll();
});

process.once("exit", () => stopAllSync());
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.once(signal, () => {
    stopAllSync();
    process.exit(code);
  });
}
