import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import composeSchema from "./schemas/compose-spec.json";

const root = join(import.meta.dir, "..");

function loadCompose(): Record<string, unknown> & { services: Record<string, Record<string, unknown>> } {
  // Compose resolves YAML merge keys (<<: *anchor), so the check must as well.
  return parse(readFileSync(join(root, "compose.yaml"), "utf8"), { merge: true });
}

function validator() {
  // The schema is draft-07 and uses annotations Ajv does not know ("deprecated"), hence strict off;
  // its custom formats (durations, ports) are checked by Compose itself, not here.
  const { $schema: _ignored, ...schema } = composeSchema as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}

describe("compose.yaml", () => {
  test("is valid against the Compose Specification schema", () => {
    const validate = validator();
    const ok = validate(loadCompose());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test("the schema check rejects an invalid file", () => {
    const validate = validator();
    const broken = loadCompose();
    (broken.services.auth as Record<string, unknown>).depends_on = { postgres: { condition: "whenever" } };
    expect(validate(broken)).toBe(false);
    expect(validate({ services: { x: { image: 42 } } })).toBe(false);
  });

  test("every service folder with a main.ts runs as a compose service", () => {
    const services = loadCompose().services;
    const folders = readdirSync(join(root, "services"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, "services", d.name, "main.ts")))
      .map((d) => d.name);
    for (const name of folders) {
      expect(Object.keys(services)).toContain(name);
      expect(services[name]!.command).toEqual(["bun", `services/${name}/main.ts`]);
    }
  });

  test("the gateway mounts the repository Caddyfile", () => {
    const gateway = loadCompose().services.gateway!;
    expect(gateway.image).toBe("caddy:2");
    expect(gateway.volumes).toContain("./caddy/Caddyfile:/etc/caddy/Caddyfile:ro");
  });
});
