/**
 * The memory a service's JavaScript heap is sized for. JavaScriptCore lets a heap grow in
 * proportion to the RAM it believes the machine has: on a 24 GiB machine a busy service doubles
 * its heap at every collection and ends far above what it needs. Telling it a service's budget
 * (320 MiB, as a container limit would) keeps a service under load below 150 MB of RSS at no
 * measurable cost in throughput. An operator's own BUN_JSC_forceRAMSize wins.
 */
export const SERVICE_RAM_BYTES = 320 * 1024 * 1024;

export const serviceHeapEnv = (): Record<string, string> => ({ BUN_JSC_forceRAMSize: process.env.BUN_JSC_forceRAMSize ?? String(SERVICE_RAM_BYTES) });
