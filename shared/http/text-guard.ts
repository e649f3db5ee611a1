import type { MiddlewareHandler } from "hono";
import { AppError, type FieldError } from "../errors.ts";

/**
 * The edge's rule for text: no field, parameter or path segment of any request may hold a C0
 * control character other than TAB, LF and CR, nor DEL, nor an unpaired UTF-16 surrogate, nor
 * bytes that are not UTF-8. PostgreSQL refuses NUL (the request would fail as a 500 after work
 * was done), stores a lone surrogate silently as U+FFFD, and none of these has a use in a name,
 * an e-mail address, a description or an id. Refusing them here, before any handler, covers
 * every route of every service at once, and nothing is written for a refused request.
 */

const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;
const BAD_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * What in a JSON text could decode to a character the rule refuses. Raw C0 characters cannot
 * appear in valid JSON, so only escapes and a raw DEL can. Matches are confirmed on the parsed
 * value (an escaped backslash before "u0000" or a surrogate pair also match), so the common
 * body is decoded once and parsed once, by the route's validator.
 */
const JSON_SUSPECT = /\\u(?:00[01][0-9a-fA-F]|007[fF]|[dD][89a-fA-F][0-9a-fA-F]{2})|\\[bf]|\x7f/;
const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/;
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const MAX_FIELD_ERRORS = 10;
const MAX_NAME_CHARS = 64;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Why this text is refused, or undefined when it is fine. */
export function textProblem(text: string): string | undefined {
  const control = CONTROL.exec(text);
  if (control) return `must not contain control characters (found ${codePoint(control[0])})`;
  if (!text.isWellFormed()) return "must not contain unpaired UTF-16 surrogates";
  return undefined;
}

/** A name safe to print in a problem document: refused characters escaped, long names cut. */
function printable(name: string): string {
  const escaped = name.replace(BAD_CHARACTER, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return escaped.length > MAX_NAME_CHARS ? `${escaped.slice(0, MAX_NAME_CHARS)}…` : escaped;
}

class NotUtf8 extends Error {}

/** Percent-decoding as Hono does it (a stray "%" stays as it is), except that bytes that are not UTF-8 are refused. */
function decodeComponent(raw: string, plusIsSpace: boolean): string {
  const text = plusIsSpace && raw.includes("+") ? raw.replaceAll("+", " ") : raw;
  if (!text.includes("%")) return text;
  return text.replace(PERCENT_RUN, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    try {
      return strictUtf8.decode(bytes);
    } catch {
      throw new NotUtf8();
    }
  });
}

/** Problems in `a=1&b=2` text (a query string or a form body); fields are named `<prefix><name>`. */
export function formProblems(encoded: string, prefix: string): FieldError[] {
  const problems: FieldError[] = [];
  for (const pair of encoded.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    let name: string;
    try {
      name = decodeComponent(rawName, true);
    } catch {
      problems.push({ field: prefix.replace(/\.$/, "") || "(root)", message: "has a parameter name that is not valid UTF-8" });
      continue;
    }
    const nameProblem = textProblem(name);
    if (nameProblem) {
      problems.push({ field: `${prefix}${printable(name)}`, message: `name ${nameProblem}` });
      continue;
    }
    let value: string;
    try {
      value = eq === -1 ? "" : decodeComponent(pair.slice(eq + 1), true);
    } catch {
      problems.push({ field: `${prefix}${printable(name)}`, message: "is not valid UTF-8" });
      continue;
    }
    const valueProblem = textProblem(value);
    if (valueProblem) problems.push({ field: `${prefix}${printable(name)}`, message: valueProblem });
  }
  return problems;
}

/** Problems in the decoded segments of a URL path (all named `path`, as the route is not known yet). */
export function pathProblems(rawPath: string): FieldError[] {
  for (const segment of rawPath.split("/")) {
    let decoded: string;
    try {
      decoded = decodeComponent(segment, false);
    } catch {
      return [{ field: "path", message: "is not valid UTF-8" }];
    }
    const problem = textProblem(decoded);
    if (problem) return [{ field: "path", message: problem }];
  }
  return [];
}

type Visit = { value: unknown; key: string; parent: Visit | undefined };
const pathOf = (visit: Visit): string => {
  const keys: string[] = [];
  for (let v: Visit | undefined = visit; v?.parent; v = v.parent) keys.push(v.key);
  return keys.reverse().join(".") || "(root)";
};

/**
 * Problems in every string value and key of a parsed JSON document, at any depth, named by their
 * path (`participants.1.name`). Walked with a stack of its own: a body may nest 100,000 deep.
 */
export function jsonValueProblems(root: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const stack: Visit[] = [{ value: root, key: "", parent: undefined }];
  while (stack.length && problems.length < MAX_FIELD_ERRORS) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) problems.push({ field: pathOf(visit), message: problem });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: String(i), parent: visit });
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const keyProblem = textProblem(key);
        if (keyProblem) problems.push({ field: pathOf({ value: child, key: printable(key), parent: visit }), message: `name ${keyProblem}` });
        else stack.push({ value: child, key, parent: visit });
      }
    }
  }
  return problems;
}

/** Problems in a JSON text; a text that does not parse is left to the route, which refuses it as malformed. */
export function jsonTextProblems(text: string): FieldError[] {
  if (!JSON_SUSPECT.test(text)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  return jsonValueProblems(parsed);
}

function refuse(problems: FieldError[]): never {
  const names = [...new Set(problems.map((p) => p.field))].join(", ");
  throw new AppError("INVALID_ARGUMENT", `Request has text that is not allowed in: ${names}`, { fieldErrors: problems });
}

function urlProblems(url: string): FieldError[] {
  // Clients and the URL parser percent-encode every character the rule refuses, so a URL without "%" is clean.
  if (!url.includes("%")) return [];
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  const queryStart = url.indexOf("?", pathStart);
  const path = url.slice(pathStart, queryStart === -1 ? undefined : queryStart);
  const problems = pathProblems(path);
  if (queryStart !== -1) problems.push(...formProblems(url.slice(queryStart + 1), "query."));
  return problems;
}

const notUtf8: FieldError[] = [{ field: "(root)", message: "is not valid UTF-8" }];

/**
 * The body's problems. The bytes read here are handed to whatever reads the body next (the
 * route's validator, a route's own body limit, a multipart parser), so nothing is read twice.
 */
async function bodyProblems(req: Parameters<MiddlewareHandler>[0]["req"]): Promise<FieldError[]> {
  const contentType = req.header("content-type") ?? "";
  const media = contentType.split(";")[0]!.trim().toLowerCase();
  const isJson = JSON_MEDIA.test(media);
  const isForm = media === "application/x-www-form-urlencoded";
  const isMultipart = media === "multipart/form-data";
  if (!isJson && !isForm && !isMultipart) return [];
  const bytes = await req.arrayBuffer();
  // Hono keeps the promise of each body form it has read there (its type says the values).
  const bodyCache = req.bodyCache as Record<string, Promise<unknown>>;
  // A route-level body limit reads the raw request again: give it the same bytes.
  req.raw = new Request(req.raw, { body: bytes });
  if (isMultipart) {
    let form: Awaited<ReturnType<Response["formData"]>>;
    try {
      form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
    } catch {
      return [];
    }
    bodyCache.formData = Promise.resolve(form);
    const problems: FieldError[] = [];
    // File parts are the user's bytes (a scanned document); only names and text fields are text.
    form.forEach((value, name) => {
      const nameProblem = textProblem(name);
      if (nameProblem) problems.push({ field: printable(name), message: `name ${nameProblem}` });
      else if (typeof value === "string") {
        const problem = textProblem(value);
        if (problem) problems.push({ field: printable(name), message: problem });
      }
    });
    return problems;
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return notUtf8;
  }
  if (isForm) return formProblems(text, "");
  bodyCache.text = Promise.resolve(text);
  return jsonTextProblems(text);
}

/** Refuses a request whose path, query or text body breaks the rule above, with 400 naming each field. */
export function textGuard(): MiddlewareHandler {
  return async (c, next) => {
    const problems = urlProblems(c.req.url);
    if (c.req.raw.body) problems.push(...(await bodyProblems(c.req)));
    if (problems.length) refuse(problems.slice(0, MAX_FIELD_ERRORS));
    await next();
  };
}
