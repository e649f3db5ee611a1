import { describe, expect, test } from "bun:test";
import { installCommand, installPlan, requireBinaries } from "./binaries.ts";

const debianRoot = { platform: "linux", debian: true, root: true } as const;
const debianUser = { platform: "linux", debian: true, root: false } as const;
const mac = { platform: "darwin", debian: false, root: false } as const;

describe("missing system binaries", () => {
  test("as root on Debian they are installed, each package once", () => {
    expect(installPlan(["caddy", "initdb", "postgres", "nats-server"], debianRoot)).toEqual({ install: ["caddy", "postgresql", "nats-server"] });
  });

  test("otherwise the one command that installs them all is printed", () => {
    expect(installPlan(["caddy", "initdb", "postgres", "chromium"], debianUser)).toEqual({
      print: "sudo apt-get install -y --no-install-recommends caddy postgresql chromium",
    });
    expect(installPlan(["caddy", "redis-server"], mac)).toEqual({ print: "brew install caddy redis" });
  });

  test("a binary that cannot be installed here fails with the one command to run", async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    try {
      await expect(requireBinaries(["chromium"], { install: false })).rejects.toThrow(
        `chromium is not installed. Install it with:\n  ${installCommand(["chromium"])}`,
      );
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
