// Keyboard moves between tabs: arrows wrap around, Home and End jump, other keys do nothing.
import { describe, expect, it } from "vitest";
import { tabKeyTarget } from "./tabs";

describe("tabKeyTarget", () => {
  it("steps with the arrows and wraps around at both ends", () => {
    expect(tabKeyTarget("ArrowRight", 0, 3)).toBe(1);
    expect(tabKeyTarget("ArrowRight", 2, 3)).toBe(0);
    expect(tabKeyTarget("ArrowLeft", 1, 3)).toBe(0);
    expect(tabKeyTarget("ArrowLeft", 0, 3)).toBe(2);
  });

  it("goes to the first and the last tab with Home and End", () => {
    expect(tabKeyTarget("Home", 2, 4)).toBe(0);
    expect(tabKeyTarget("End", 0, 4)).toBe(3);
  });

  it("leaves other keys alone", () => {
    expect(tabKeyTarget("Enter", 1, 3)).toBeNull();
    expect(tabKeyTarget("ArrowDown", 1, 3)).toBeNull();
  });
});
