/**
 * Hostile requests for every operation of an OpenAPI 3.1 document, as fast-check arbitraries.
 *
 * Each request starts from values the schema accepts (ids, e-mail addresses and texts from the
 * test's own pools, so a request can get past the validators into the handler) and then breaks
 * it in one or more places: a body field, nested or not, replaced by a hostile value, an unknown
 * or duplicate key added, a required one removed, the whole body replaced, another encoding;
 * a query parameter, a path parameter or a header made hostile. Sent as a signed-in user, an
 * admin or nobody.
 */
import fc from "fast-check";
import { badCharacter, Duplicates, hostileHeaderValue, hostileJson, hostileJsonBody, hostileText, jsonText, NUMERIC_TEXT, percentEncode, shortText, tainted } from "./hostile-values.ts";

type Schema = Record<string, any>;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: Schema;
}

export interface Operation {
  service: string;
  method: string;
  /** The path template, e.g. /api/v1/social/requests/{id}. */
  path: string;
  parameters: Parameter[];
  /** The application/json request body's schema, when the operation declares one. */
  jsonBody?: Schema;
}

export const operationName = (op: Pick<Operation, "method" | "path">) => `${op.method} ${op.path}`;

/** Every operation of the document, with `$ref`s resolved. */
export function operationsOf(service: string, doc: any): Operation[] {
  const deref = (schema: any): Schema => {
    let s = schema ?? {};
    for (let hops = 0; s.$ref && hops < 20; hops++) s = s.$ref.split("/").slice(1).reduce((node: any, key: string) => node?.[key], doc) ?? {};
    return s;
  };
  const resolve = (schema: any): Schema => {
    const s = deref(schema);
    if (typeof s !== "object" || s === null) return s;
    const out: Schema = Array.isArray(s) ? [] : {};
    for (const [k, v] of Object.entries(s)) out[k] = typeof v === "object" && v !== null ? resolve(v) : v;
    return out;
  };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      const op = item[method];
      if (!op) continue;
      const parameters: Parameter[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => {
        const param = deref(p);
        return { name: param.name, in: param.in, required: !!param.required || param.in === "path", schema: resolve(param.schema) };
      });
      const json = op.requestBody ? deref(op.requestBody).content?.["application/json"]?.schema : undefined;
      ops.push({ service, method: method.toUpperCase(), path, parameters, jsonBody: json ? resolve(json) : undefined });
    }
  }
  return ops;
}

/** Values the schemas accept that name real things of the test (users, transactions, …). */
export interface Pools {
  /** Ids of the test's users (most uuid fields name a user: recipients, participants, contacts). */
  people: string[];
  /** Ids of everything else (transactions, requests, splits, endpoints, …). */
  ids: string[];
  emails: string[];
  texts: string[];
}

export type Identity = "user" | "admin" | "anonymous";

export type FuzzBody =
  | { kind: "text"; contentType: string | undefined; data: string | Uint8Array }
  | { kind: "form"; fields: [string, string][] }
  | { kind: "multipart"; fields: [string, string][]; file: boolean };

/** One generated request; prints itself briefly (long texts counted, control characters escaped) in failure reports. */
export class FuzzRequest {
  constructor(
    readonly op: Operation,
    readonly as: Identity,
    /** Path and query, percent-encoded. */
    readonly target: string,
    readonly headers: Record<string, string>,
    readonly body: FuzzBody | undefined,
  ) {}

  [fc.toStringMethod](): string {
    const headers = Object.entries(this.headers).map(([k, v]) => `${k}: ${shortText(v, 60)}`);
    let body = "";
    if (this.body?.kind === "text") body = ` body(${this.body.contentType ?? "no content-type"})=${typeof this.body.data === "string" ? shortText(this.body.data, 200) : `bytes[${[...this.body.data.subarray(0, 40)].join(",")}]`}`;
    else if (this.body) body = ` ${this.body.kind}=${shortText(JSON.stringify(this.body.fields), 200)}${this.body.kind === "multipart" && this.body.file ? " +file" : ""}`;
    return `${this.op.method} ${this.target.length > 300 ? `${this.target.slice(0, 300)}…(${this.target.length} characters)` : this.target} as ${this.as}${headers.length ? ` headers{${headers.join("; ")}}` : ""}${body}`;
  }
}

const MAX_GENERATED_STRING = 30;

/** Values the schema accepts, drawn where it matters from the pools. */
export function validValue(schema: Schema, pools: Pools): fc.Arbitrary<unknown> {
  const s = schema ?? {};
  if (s.anyOf || s.oneOf) return fc.oneof(...(s.anyOf ?? s.oneOf).map((x: Schema) => validValue(x, pools)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...s, type }, pools)));
  switch (types[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
    case "number": {
      const min = Math.max(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0), -1_000_000);
      const max = Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 100_000), Number.MAX_SAFE_INTEGER);
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max: Math.min(max, min + 5_000) }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
    }
    case "string":
      return validString(s, pools);
    case "array": {
      const minLength = s.minItems ?? 0;
      return fc.array(validValue(s.items ?? {}, pools), { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)) });
    }
    case "object": {
      const properties: Record<string, Schema> = s.properties ?? {};
      const required: string[] = (s.required ?? []).filter((k: string) => k in properties);
      const model = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, validValue(v, pools)]));
      return fc.record(model, { requiredKeys: required });
    }
    default:
      return fc.constantFrom<unknown>("x", 1, true, null);
  }
}

function validString(s: Schema, pools: Pools): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? MAX_GENERATED_STRING;
  if (s.format === "uuid") return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.people) }, { weight: 2, arbitrary: fc.constantFrom(...pools.ids) }, { weight: 1, arbitrary: fc.uuid() });
  if (s.format === "email") return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.emails) }, { weight: 1, arbitrary: fc.nat(1_000_000).map((n) => `fuzz.${n}@example.com`) });
  const day = fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true });
  if (s.format === "date") return day.map((d) => d.toISOString().slice(0, 10));
  if (s.format === "date-time") return day.map((d) => d.toISOString());
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern), { maxLength: Math.min(maxLength, 64) }).filter((v) => v.length >= minLength && v.length <= maxLength);
  const fitting = pools.texts.filter((t) => t.length >= minLength && t.length <= maxLength);
  const generated = fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, MAX_GENERATED_STRING)) });
  return fitting.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...fitting) }, { weight: 1, arbitrary: generated }) : generated;
}

type Path = (string | number)[];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** Every place in a JSON value (the root is []); Raw and Duplicates are places, not containers. */
function placesOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => placesOf(v, [...at, i], out));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) placesOf(v, [...at, k], out);
  return out;
}

/** A deep copy of plain arrays and objects; Raw and Duplicates (shared, never changed) are kept as they are. */
const clone = (value: unknown): any => {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  return value;
};

/** Sets a key as an own property, "__proto__" included. */
const setKey = (node: any, key: string | number, value: unknown) => Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });

type Mutation = { kind: "taint" | "replace" | "add" | "remove"; place: number; key: string; value: unknown; bad: string; at: number };

/**
 * The value with one place broken: a text given a bad character, a place replaced by a hostile
 * value, an object given a hostile extra key, or left without a key.
 */
function mutate(value: unknown, m: Mutation): unknown {
  const places = placesOf(value);
  if (m.kind === "taint") {
    const texts = places.filter((p) => typeof p.reduce((node: any, k) => node?.[k], value) === "string");
    if (texts.length === 0) return mutate(value, { ...m, kind: "replace" });
    const path = texts[m.place % texts.length]!;
    const text = path.reduce((node: any, k) => node[k], value) as string;
    if (path.length === 0) return tainted(text, m.at, m.bad);
    const root = clone(value);
    const parent = path.slice(0, -1).reduce((node: any, k) => node[k], root);
    setKey(parent, path[path.length - 1]!, tainted(text, m.at, m.bad));
    return root;
  }
  const path = places[m.place % places.length]!;
  if (m.kind === "replace" && path.length === 0) return m.value;
  const root = clone(value);
  const parentOf = (p: Path) => p.slice(0, -1).reduce((node: any, k) => node[k], root);
  if (m.kind === "add") {
    // The nearest object at or above the place gets the extra key.
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.reduce((n: any, k) => n[k], root);
      if (isPlainObject(node)) {
        setKey(node, m.key, m.value);
        return root;
      }
      if (p.length === 0) return m.value;
    }
  }
  if (path.length === 0) return m.value;
  const parent = parentOf(path);
  const last = path[path.length - 1]!;
  if (m.kind === "remove") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else setKey(parent, last, m.value);
  return root;
}

const extraKey = fc.oneof(fc.constantFrom("unknownField", "__proto__", "constructor", "userId", "role", "status", "id", ""), hostileText);
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("taint", "taint", "taint", "replace", "replace", "add", "remove"),
  place: fc.nat(),
  key: extraKey,
  value: hostileJson,
  bad: badCharacter,
  at: fc.nat(),
});

const jsonBody = (value: unknown, contentType = "application/json"): FuzzBody => ({ kind: "text", contentType, data: jsonText(value) });

/** Text of a value as it would travel in a query string or a form field. */
const asText = (value: unknown): string => (typeof value === "string" ? value : value === undefined ? "" : jsonText(value));

const flatFields = (value: unknown): [string, string][] =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? Object.entries(value).map(([k, v]) => [k, asText(v)]) : [["value", asText(value)]];

/** Where a schema takes free text (a string with no format, enum or pattern): the fields that reach storage as they are. */
function freeTextPaths(schema: Schema, at: Path = []): Path[] {
  const s = schema ?? {};
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.includes("string") && !s.format && !s.enum && !s.pattern && s.const === undefined) return [at];
  if (types.includes("object")) return Object.entries<Schema>(s.properties ?? {}).flatMap(([k, v]) => freeTextPaths(v, [...at, k]));
  if (types.includes("array") && s.items) return freeTextPaths(s.items, [...at, 0]);
  return (s.anyOf ?? s.oneOf ?? []).flatMap((x: Schema) => freeTextPaths(x, at));
}

/** The value with valid text and one bad character at `path`, creating what is missing on the way. */
function withTaintedText(value: unknown, path: Path, bad: string, at: number): unknown {
  if (path.length === 0) return tainted(typeof value === "string" ? value : "text", at, bad);
  const root = clone(value ?? (typeof path[0] === "number" ? [] : {}));
  let node: any = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    if (node[key] === null || typeof node[key] !== "object") node[key] = typeof path[i + 1] === "number" ? [] : {};
    node = node[key];
  }
  const last = path[path.length - 1]!;
  node[last] = tainted(typeof node[last] === "string" ? node[last] : "text", at, bad);
  return root;
}

/** Arbitraries for one part of a request: as the schema wants it, and broken. */
interface Part<T> {
  valid: fc.Arbitrary<T>;
  broken: fc.Arbitrary<T>;
}

/** A JSON body of the operation's schema (none when it declares none), and broken in one of many ways. */
function bodyFor(op: Operation, pools: Pools): Part<FuzzBody | undefined> {
  const declared = !!op.jsonBody;
  const base = op.jsonBody ? validValue(op.jsonBody, pools) : fc.constant<unknown>({});
  // Mostly one broken place, so that what breaks is that place and not the first check to notice another.
  const mutations = fc.oneof({ weight: 4, arbitrary: mutation.map((m) => [m]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 3 }) });
  const broken = fc.tuple(base, mutations).map(([v, ms]) => ms.reduce(mutate, v));
  const duplicated = fc.tuple(base, hostileJson, fc.boolean()).map(([v, bad, badFirst]) => {
    const entries: [string, unknown][] = v !== null && typeof v === "object" && !Array.isArray(v) ? Object.entries(v) : [];
    const [key, good] = entries[0] ?? ["a", "ok"];
    return new Duplicates(badFirst ? [[key, bad], ...entries] : [...entries, [key, good], [key, bad]]);
  });
  const fieldsOf = fc.oneof(
    base.map(flatFields),
    fc.tuple(base, fc.option(hostileText, { nil: undefined }), hostileText).map(([v, name, bad]): [string, string][] => [...flatFields(v), [name ?? Object.keys(v ?? {})[0] ?? "value", bad]]),
  );
  const otherEncodings = fc.oneof(
    fieldsOf.map((fields): FuzzBody => ({ kind: "form", fields })),
    fc.tuple(fieldsOf, fc.boolean()).map(([fields, file]): FuzzBody => ({ kind: "multipart", fields, file })),
    base.map((v) => jsonBody(v, "text/plain")),
    base.map((v) => jsonBody(v, "application/json; charset=latin1")),
    base.map((v): FuzzBody => ({ kind: "text", contentType: undefined, data: jsonText(v) })),
  );
  const texts = op.jsonBody ? freeTextPaths(op.jsonBody) : [];
  // The attack the edge exists for: a request valid in every way but one bad character in one text field.
  const taintedText = texts.length
    ? fc.tuple(base, fc.constantFrom(...texts), badCharacter, fc.nat()).map(([v, path, bad, at]) => withTaintedText(v, path, bad, at))
    : broken;
  return {
    valid: declared ? base.map((v) => jsonBody(v)) : fc.constant(undefined),
    broken: fc.oneof(
      { weight: texts.length ? 4 : 0, arbitrary: taintedText.map((v) => jsonBody(v)) },
      { weight: 6, arbitrary: broken.map((v) => jsonBody(v)) },
      { weight: 1, arbitrary: duplicated.map((v) => jsonBody(v)) },
      { weight: 2, arbitrary: hostileJsonBody.map((data): FuzzBody => ({ kind: "text", contentType: "application/json", data })) },
      { weight: 1, arbitrary: otherEncodings },
      { weight: declared ? 1 : 0, arbitrary: fc.constant(undefined) },
    ),
  };
}

/** Percent-encoding that may itself be broken: bytes that are not UTF-8, a cut sequence, a stray "%". */
const BROKEN_ENCODINGS = ["%FF", "%C0%80", "%ED%A0%80", "%E2%82", "%", "%zz", "%00", "%2F..%2F", "%25"];
const brokenEncoding = fc.constantFrom(...BROKEN_ENCODINGS);
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;

type QueryPair = { name: string; value: string; raw?: string };

function queryFor(params: Parameter[], pools: Pools): Part<QueryPair[]> {
  const valid = fc.tuple(
    ...params.map((p) => (p.required ? validValue(p.schema, pools).map((v) => [{ name: p.name, value: asText(v) }]) : fc.option(validValue(p.schema, pools), { nil: undefined }).map((v) => (v === undefined ? [] : [{ name: p.name, value: asText(v) }])))),
  ).map((lists) => lists.flat());
  const names = [...params.map((p) => p.name), "unknown"];
  const badValue = fc.oneof(hostileText, fc.constantFrom(...NUMERIC_TEXT));
  // With every declared parameter present, so one can be given a bad character.
  const full = fc.tuple(...params.map((p) => validValue(p.schema, pools).map((v) => ({ name: p.name, value: asText(v) }))));
  return {
    valid,
    broken: fc.oneof(
      { weight: params.length ? 3 : 0, arbitrary: fc.tuple(full, fc.nat(), badCharacter, fc.nat()).map(([pairs, i, bad, at]) => pairs.map((q, j) => (j === i % pairs.length ? { ...q, value: tainted(q.value, at, bad) } : q))) },
      { weight: 4, arbitrary: fc.tuple(valid, fc.constantFrom(...names), badValue).map(([pairs, name, value]) => [...pairs.filter((q) => q.name !== name), { name, value }]) },
      { weight: 1, arbitrary: fc.tuple(valid, hostileText, badValue).map(([pairs, name, value]) => [...pairs, { name, value }]) },
      { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...names), badValue).map(([pairs, name, value]) => [...pairs, { name, value: "1" }, { name, value }]) },
      { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...names), brokenEncoding).map(([pairs, name, raw]) => [...pairs.filter((q) => q.name !== name), { name, value: "", raw }]) },
    ),
  };
}

function pathFor(op: Operation, pools: Pools): Part<string> {
  const params = op.parameters.filter((p) => p.in === "path");
  const valid = fc.tuple(...params.map((p) => validValue(p.schema.type === "string" && !p.schema.format ? { ...p.schema, format: "uuid" } : p.schema, pools).map(asText)));
  // A value that decodes to a dot segment ("..", "..%2F..") would take the request to another path
  // (clients and the gateway resolve dot segments), so it would not be a request to this route.
  const hostile = fc.oneof(hostileText.filter((v) => !DOT_SEGMENT.test(v)).map(percentEncode), fc.constantFrom(...BROKEN_ENCODINGS.filter((e) => !e.includes(".."))));
  const encoded = (values: string[]) => values.map(percentEncode);
  const replaced = fc.tuple(valid, fc.nat(), hostile).map(([values, i, bad]) => encoded(values).map((v, j) => (j === i % values.length ? bad : v)));
  const taintedId = fc.tuple(valid, fc.nat(), badCharacter, fc.nat()).map(([values, i, bad, at]) => encoded(values.map((v, j) => (j === i % values.length ? tainted(v, at, bad) : v))));
  const fill = (values: string[]) => {
    let i = 0;
    return op.path.replace(/\{[^}]+\}/g, () => values[i++] ?? "");
  };
  return { valid: valid.map(encoded).map(fill), broken: params.length ? fc.oneof(taintedId, replaced).map(fill) : fc.constant(op.path) };
}

/** Headers the edge or a route reads, besides those an operation declares. */
const EDGE_HEADERS = ["authorization", "cookie", "x-request-id", "traceparent", "x-forwarded-for", "x-client-country", "idempotency-key", "last-event-id", "origin", "sec-fetch-site", "accept", "content-type", "x-kyc-signature"];
const sendable = (v: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v);

function headersFor(op: Operation, pools: Pools): Part<Record<string, string>> {
  const declared = op.parameters.filter((p) => p.in === "header");
  const valid = fc
    .tuple(...declared.map((p) => (p.name === "idempotency-key" ? fc.uuid() : validValue(p.schema, pools).map(asText)).map((v) => [p.name, v] as const)))
    .map((pairs) => Object.fromEntries(pairs.filter(([, v]) => sendable(v))) as Record<string, string>);
  return {
    valid,
    broken: fc.tuple(valid, fc.constantFrom(...declared.map((p) => p.name), ...EDGE_HEADERS), hostileHeaderValue).map(([headers, name, value]) => ({ ...headers, [name]: value })),
  };
}

/**
 * Hostile requests for one operation: mostly one part broken (the body, the query, a path
 * parameter or a header) and the others as the schema wants them, so that the broken part is
 * what the service has to deal with; sometimes everything at once.
 */
export function requestsFor(op: Operation, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const query = queryFor(op.parameters.filter((p) => p.in === "query"), pools);
  // fetch sends no body with GET; every other method may carry one, declared or not.
  const body: Part<FuzzBody | undefined> = op.method === "GET" ? { valid: fc.constant(undefined), broken: fc.constant(undefined) } : bodyFor(op, pools);
  const path = pathFor(op, pools);
  const headers = headersFor(op, pools);
  const hasPathParams = op.parameters.some((p) => p.in === "path");
  const hasQuery = op.parameters.some((p) => p.in === "query");
  const parts = (broken: "body" | "query" | "path" | "headers" | "all") =>
    fc.tuple(
      broken === "path" || broken === "all" ? path.broken : path.valid,
      broken === "query" || broken === "all" ? query.broken : query.valid,
      broken === "headers" || broken === "all" ? headers.broken : headers.valid,
      broken === "body" || broken === "all" ? body.broken : body.valid,
    );
  const as = fc.constantFrom<Identity>("user", "user", "user", "admin", "admin", "anonymous");
  const shaped = fc.oneof(
    { weight: op.method === "GET" ? 0 : op.jsonBody ? 5 : 2, arbitrary: parts("body") },
    { weight: hasQuery ? 3 : 1, arbitrary: parts("query") },
    { weight: hasPathParams ? 3 : 0, arbitrary: parts("path") },
    { weight: 1, arbitrary: parts("headers") },
    { weight: 1, arbitrary: parts("all") },
  );
  return fc.tuple(as, shaped).map(([who, [target, pairs, h, b]]) => {
    const search = pairs.map((q) => (q.raw !== undefined ? `${percentEncode(q.name)}=${q.raw}` : `${percentEncode(q.name)}=${percentEncode(q.value)}`)).join("&");
    return new FuzzRequest(op, who, search ? `${target}?${search}` : target, h, b);
  });
}

/** A route no service has, under the service's own prefix: the edge and the not-found answer see the same inputs. */
export function unknownRouteOf(service: string, ops: Operation[]): Operation {
  const prefix = ops[0]?.path.split("/").slice(0, 4).join("/") ?? `/api/v1/${service}`;
  return { service, method: "POST", path: `${prefix}/no-such-route/{anything}`, parameters: [{ name: "anything", in: "path", required: true, schema: { type: "string" } }, { name: "q", in: "query", required: false, schema: { type: "string" } }] };
}

/** The fetch init for a generated request. */
export function fetchInit(req: FuzzRequest, token: string | undefined): RequestInit {
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...req.headers };
  let body: RequestInit["body"];
  const b = req.body;
  if (b?.kind === "text") {
    if (b.contentType) headers["content-type"] = b.contentType;
    body = b.data;
  } else if (b?.kind === "form") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = b.fields.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join("&");
  } else if (b?.kind === "multipart") {
    const form = new FormData();
    for (const [k, v] of b.fields) form.append(k, v);
    if (b.file) form.append("file", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0x7f, 0xff, 0])], "scan\u0000.png", { type: "image/png" }));
    body = form;
    delete headers["content-type"];
  }
  return { method: req.op.method, headers, body, redirect: "manual" };
}
