import { createHash } from "node:crypto";

/**
 * What of an error may be written to a log, a trace or a dead letter. A failed statement's error
 * carries the statement's parameters (postgres.js: `parameters`, `args`, `query`; drizzle puts
 * them in its message: "Failed query: … params: …"), and those are e-mails, password hashes,
 * token hashes and sealed secrets. So a database error is reported by what it is, never by what
 * it was given: the statement's name (or its leading words and a fingerprint of its text), the
 * SQLSTATE, the severity, the server's message, and the names of the table, column and constraint
 * involved. The server's `detail`, `hint`, `where` and `internal_query` are left out: they quote
 * values ("Key (email)=(ann@example.com) already exists", "Failing row contains (…)").
 */

const STATEMENT_NAME = Symbol.for("mint.statementName");
const DRIZZLE_FAILED_QUERY = "Failed query: ";
const MAX_DEPTH = 4;

/** Names the statement an error came from, so reports say which one failed (first name wins). */
export function nameStatement(err: unknown, name: string): void {
  if (!err || typeof err !== "object" || STATEMENT_NAME in err) return;
  try {
    Object.defineProperty(err, STATEMENT_NAME, { value: name });
  } catch {
    // A frozen error keeps its anonymity; the fingerprint still identifies the statement.
  }
}

type Bag = Record<string | symbol, unknown>;
const isObject = (v: unknown): v is Bag => !!v && typeof v === "object";
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** An error the PostgreSQL server sent (postgres.js's PostgresError, or a copy of its fields). */
const isServerError = (e: Bag): boolean =>
  e.name === "PostgresError" || (typeof e.severity === "string" && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code));

/** The text of the statement an error came from: drizzle's `query` with `params`, postgres.js's `query` with `parameters`. */
const statementTextOf = (e: Bag): string | undefined =>
  typeof e.query === "string" && (Array.isArray(e.params) || Array.isArray(e.parameters)) ? e.query : undefined;

/** Whether a value (an Error, or a plain copy of one) is itself the report of a failed database statement. */
export const isDatabaseError = (value: unknown): boolean =>
  isObject(value) &&
  (isServerError(value) || statementTextOf(value) !== undefined || typeof value[STATEMENT_NAME] === "string" || !!str(value.message)?.startsWith(DRIZZLE_FAILED_QUERY));

const IDENTIFIER = String.raw`(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_$]*))`;
const TARGET = new RegExp(String.raw`\b(?:into|update|from)\s+(?:${IDENTIFIER}\s*\.\s*)?${IDENTIFIER}`, "i");

/**
 * A statement's label without any of its values: its first keyword, the first table it names
 * and a fingerprint of its text ("insert users #1f0c9a2e"). Statements are drizzle's, with
 * placeholders, but hand-written SQL may hold literals, so nothing beyond identifiers is copied.
 */
export function statementLabel(text: string, name?: string): string {
  if (name) return name;
  const flat = text.replace(/\s+/g, " ").trim();
  const verb = /^[A-Za-z]+/.exec(flat)?.[0]?.toLowerCase() ?? "statement";
  const target = TARGET.exec(flat);
  const table = target ? (target[3] ?? target[4]) : undefined;
  const fingerprint = createHash("sha256").update(text).digest("hex").slice(0, 8);
  return `${verb}${table ? ` ${table}` : ""} #${fingerprint}`;
}

/**
 * A string with drizzle's "Failed query: <sql> params: <values>" cut down to the statement's
 * label. Used on every string a log line carries, for the places that log `err.message`.
 */
export function withoutStatementValues(text: string): string {
  const at = text.indexOf(DRIZZLE_FAILED_QUERY);
  if (at < 0) return text;
  const rest = text.slice(at + DRIZZLE_FAILED_QUERY.length);
  const end = rest.indexOf("\nparams: ");
  return `${text.slice(0, at)}Failed query: ${statementLabel(end < 0 ? rest : rest.slice(0, end))}`;
}

/**
 * The server's message. Data exceptions (SQLSTATE class 22) quote the value that failed
 * ('invalid input syntax for type uuid: "…"'), so for those only the part before the quote is kept.
 */
function serverMessage(e: Bag): string {
  const message = str(e.message) ?? "";
  const code = str(e.code) ?? "";
  if (!code.startsWith("22")) return message;
  const colon = message.indexOf(": ");
  return colon < 0 ? message : message.slice(0, colon);
}

interface DatabaseFailure {
  statement?: string;
  /** The error the driver raised (the server's, or a connection or driver error). */
  driver: Bag;
}

function databaseFailure(err: Bag): DatabaseFailure | undefined {
  if (!isDatabaseError(err)) return undefined;
  let text: string | undefined;
  let name: string | undefined;
  let driver: Bag | undefined;
  let drizzleMessage: string | undefined;
  for (let e: unknown = err, depth = 0; isObject(e) && depth < MAX_DEPTH; e = e.cause, depth++) {
    name ??= str(e[STATEMENT_NAME]);
    text ??= statementTextOf(e);
    const message = str(e.message);
    if (message?.startsWith(DRIZZLE_FAILED_QUERY)) drizzleMessage ??= message;
    else if (isServerError(e)) driver = driver && isServerError(driver) ? driver : e;
    else driver ??= e;
  }
  const statement = name ?? (text !== undefined ? statementLabel(text) : drizzleMessage ? withoutStatementValues(drizzleMessage).slice(DRIZZLE_FAILED_QUERY.length) : undefined);
  return { statement, driver: driver ?? {} };
}

/** The message of the driver's error: the server's, or a driver error's when it has a code (those name no values). */
function driverMessage(driver: Bag): string {
  if (isServerError(driver)) return serverMessage(driver);
  if (typeof driver.code === "string" && typeof driver.message === "string") return driver.message;
  return "message withheld: it may quote a statement's values";
}

/** The frames of an error's stack, without its first line (which repeats the message). */
function framesOf(e: Bag): string {
  const stack = str(e.stack);
  const message = str(e.message);
  if (!stack) return "";
  if (message) {
    const at = stack.indexOf(message);
    if (at >= 0) return stack.slice(at + message.length);
    // A message that is not in the stack could be anywhere in it: keep nothing.
    return "";
  }
  const firstFrame = stack.indexOf("\n");
  return firstFrame < 0 ? "" : stack.slice(firstFrame);
}

/** A one-line description of an error that never quotes a statement's values. */
export function safeErrorMessage(err: unknown): string {
  if (!isObject(err)) return withoutStatementValues(String(err));
  const failure = databaseFailure(err);
  if (failure) {
    const code = str(failure.driver.code);
    return `${driverMessage(failure.driver)}${code ? ` (${code})` : ""}${failure.statement ? ` in statement ${failure.statement}` : ""}`;
  }
  return withoutStatementValues(str(err.message) ?? String(err));
}

/** The fields of an error that may be logged (see the top of this file). */
export function safeErrorFields(err: unknown, depth = 0): Record<string, unknown> {
  if (!isObject(err)) return { message: withoutStatementValues(String(err)) };
  const name = str(err.name) ?? "Error";
  const failure = databaseFailure(err);
  if (failure) {
    const d = failure.driver;
    const message = driverMessage(d);
    const fields: Record<string, unknown> = { name: isServerError(d) ? "DatabaseError" : name, message };
    if (failure.statement) fields.statement = failure.statement;
    if (typeof d.code === "string") fields.code = d.code;
    if (typeof d.severity === "string") fields.severity = d.severity;
    for (const [from, to] of [["schema_name", "schema"], ["table_name", "table"], ["column_name", "column"], ["constraint_name", "constraint"], ["data_type_name", "dataType"]] as const) {
      if (typeof d[from] === "string") fields[to] = d[from];
    }
    const frames = framesOf(err);
    if (frames) fields.stack = `${fields.name}: ${message}${frames}`;
    return fields;
  }
  const message = withoutStatementValues(str(err.message) ?? "");
  const fields: Record<string, unknown> = { name, message };
  if (typeof err.code === "string" || typeof err.code === "number") fields.code = err.code;
  const frames = framesOf(err);
  if (frames || err.stack) fields.stack = `${name}: ${message}${withoutStatementValues(frames)}`;
  if (isObject(err.cause) && depth < MAX_DEPTH) fields.cause = safeErrorFields(err.cause, depth + 1);
  return fields;
}
