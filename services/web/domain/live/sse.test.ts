import { expect, test } from "bun:test";
import fc from "fast-check";
import { formatSse, formatSseComment, type SseItem, SseParser } from "./sse.ts";

const parseAll = (chunks: string[]): SseItem[] => {
  const parser = new SseParser();
  return chunks.flatMap((c) => parser.push(c));
};

test("reads the notifications service's messages: ready, notification, heartbeat", () => {
  const stream =
    'retry: 3000\nevent: ready\ndata: {"replayed":false}\n\n' +
    "id: 0190a5b2-0000-7000-8000-000000000001\nevent: notification\ndata: {\"id\":\"x\"}\n\n" +
    ": heartbeat\n\n";
  expect(parseAll([stream])).toEqual([
    { kind: "message", message: { event: "ready", data: '{"replayed":false}', retry: 3000 } },
    { kind: "message", message: { id: "0190a5b2-0000-7000-8000-000000000001", event: "notification", data: '{"id":"x"}' } },
    { kind: "comment", text: "heartbeat" },
  ]);
});

test("a message split anywhere, with any line ending, reads the same", () => {
  const crlf = "id: 7\r\nevent: notification\r\ndata: a\r\ndata: b\r\n\r\n";
  const whole = parseAll([crlf]);
  expect(whole).toEqual([{ kind: "message", message: { id: "7", event: "notification", data: "a\nb" } }]);
  for (let i = 1; i < crlf.length; i++) expect(parseAll([crlf.slice(0, i), crlf.slice(i)])).toEqual(whole);
  expect(parseAll(["id: 7\revent: notification\rdata: a\rdata: b\r\r"])).toEqual(whole);
  expect(parseAll(["id: 7\nevent: notification\ndata: a\ndata: b\n\n"])).toEqual(whole);
});

test("defaults and odd lines: no event name is 'message', no colon is an empty value, unknown fields are ignored", () => {
  expect(parseAll(["data\nfoo: bar\ndata:x\n\n"])).toEqual([{ kind: "message", message: { event: "message", data: "\nx" } }]);
  expect(parseAll(["retry: soon\ndata: y\n\n"])).toEqual([{ kind: "message", message: { event: "message", data: "y" } }]);
  // Blank lines alone dispatch nothing; an incomplete message waits.
  expect(parseAll(["\n\n\ndata: z"])).toEqual([]);
});

test("HTML with line breaks goes out as several data lines and comes back whole", () => {
  const html = '<div hx-swap-oob="afterbegin:#feed">\n  <li>One</li>\r\n</div>';
  const wire = formatSse({ id: "n1", data: html });
  expect(wire).toBe('data: <div hx-swap-oob="afterbegin:#feed">\ndata:   <li>One</li>\ndata: </div>\nid: n1\n\n');
  expect(parseAll([wire])).toEqual([{ kind: "message", message: { id: "n1", event: "message", data: '<div hx-swap-oob="afterbegin:#feed">\n  <li>One</li>\n</div>' } }]);
  expect(formatSse({ event: "wallet\nchanged", data: "{}", retry: 500 })).toBe("retry: 500\nevent: wallet changed\ndata: {}\n\n");
  expect(formatSseComment("heart\nbeat")).toBe(": heart beat\n\n");
});

test("property: any messages, split into any chunks, parse back to what was written", () => {
  const text = fc.string({ unit: fc.constantFrom("a", "b", " ", ":", "<", ">", "\n", "é", "1") });
  const message = fc.record({ id: fc.option(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { nil: undefined }), event: fc.option(fc.stringMatching(/^[a-z-]{1,20}$/), { nil: undefined }), data: text });
  fc.assert(
    fc.property(fc.array(message, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (messages, cuts) => {
      const wire = messages.map((m) => formatSse(m)).join("") + formatSseComment("hb");
      const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
      const chunks: string[] = [];
      let at = 0;
      for (const p of points) {
        chunks.push(wire.slice(at, p));
        at = p;
      }
      chunks.push(wire.slice(at));
      const expected: SseItem[] = messages.map((m) => ({
        kind: "message",
        message: { ...(m.id !== undefined ? { id: m.id } : {}), event: m.event ?? "message", data: m.data.replace(/\r\n|\r/g, "\n") },
      }));
      expect(parseAll(chunks)).toEqual([...expected, { kind: "comment", text: "hb" }]);
    }),
  );
});
