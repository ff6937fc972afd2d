import { describe, expect, it } from "vitest";
import {
  DisconnectionError,
  InvalidRequestError,
  isDisconnectionError,
  isPoolError,
  PoolAssertionError,
  PoolError,
  TimeoutError,
} from "../src/index.js";

describe("errors", () => {
  it("each carries its class name as code and name", () => {
    for (const [cls, code] of [
      [TimeoutError, "TimeoutError"],
      [DisconnectionError, "DisconnectionError"],
      [PoolAssertionError, "PoolAssertionError"],
      [InvalidRequestError, "InvalidRequestError"],
    ] as const) {
      const err = new cls("x");
      expect(err).toBeInstanceOf(PoolError);
      expect(err).toBeInstanceOf(Error);
      expect(err.code).toBe(code);
      expect(err.name).toBe(code);
      expect(isPoolError(err)).toBe(true);
      expect(isPoolError(err, code)).toBe(true);
    }
  });

  it("carry core's brand, so core's isAthanorError recognises them", () => {
    const err = new TimeoutError("x");
    expect((err as unknown as Record<symbol, unknown>)[Symbol.for("athanor.error")]).toBe(true);
  });

  it("isPoolError rejects foreign errors", () => {
    expect(isPoolError(new Error("x"))).toBe(false);
    expect(isPoolError(new TimeoutError("x"), "DisconnectionError")).toBe(false);
    expect(isPoolError(null)).toBe(false);
  });

  it("DisconnectionError options", () => {
    const cause = new Error("socket");
    const err = new DisconnectionError("gone", { cause, invalidatePool: true });
    expect(err.invalidatePool).toBe(true);
    expect(err.cause).toBe(cause);
    expect(new DisconnectionError().invalidatePool).toBe(false);
    expect(isDisconnectionError(err)).toBe(true);
    expect(isDisconnectionError({ name: "DisconnectionError" })).toBe(true);
    expect(isDisconnectionError(new Error("x"))).toBe(false);
  });
});
