import { expect } from "bun:test";
import { AppError } from "../errors.ts";

/** The typed error a call failed with; the test fails if the call succeeded. */
export async function typedFailure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error("expected the call to fail");
}
