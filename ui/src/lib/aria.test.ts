// aria-describedby from the help and error ids that are there.
import { describe, expect, it } from "vitest";
import { describedBy } from "./aria";

describe("describedBy", () => {
  it("joins the ids given, leaving out the absent ones", () => {
    expect(describedBy("x-help", "x-error")).toBe("x-help x-error");
    expect(describedBy(null, "x-error")).toBe("x-error");
    expect(describedBy("x-help", false, undefined, "")).toBe("x-help");
  });

  it("is undefined when no id is left, so the attribute is not set", () => {
    expect(describedBy()).toBeUndefined();
    expect(describedBy(null, false)).toBeUndefined();
  });
});
