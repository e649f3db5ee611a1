import { expect, test } from "bun:test";
import { timeRange } from "./time-range.ts";

test("no bounds is an open range", () => {
  expect(timeRange(undefined, undefined)).toEqual({});
});

test("a bare date covers its whole UTC day on both ends", () => {
  expect(timeRange("2030-01-01", "2030-01-31")).toEqual({ from: new Date("2030-01-01T00:00:00Z"), before: new Date("2030-02-01T00:00:00Z") });
});

test("a date-time bound is inclusive to the millisecond, whatever its offset", () => {
  expect(timeRange("2030-01-01T02:00:00+02:00", "2030-01-01T10:00:00.250Z")).toEqual({ from: new Date("2030-01-01T00:00:00Z"), before: new Date("2030-01-01T10:00:00.251Z") });
});

test("the same instant on both ends matches that instant", () => {
  expect(timeRange("2030-01-01T10:00:00Z", "2030-01-01T10:00:00Z")).toEqual({ from: new Date("2030-01-01T10:00:00Z"), before: new Date("2030-01-01T10:00:00.001Z") });
});

test("from after to cannot match anything", () => {
  expect(timeRange("2030-01-02", "2030-01-01")).toBeNull();
  expect(timeRange("2030-01-01T10:00:00.001Z", "2030-01-01T10:00:00Z")).toBeNull();
});
