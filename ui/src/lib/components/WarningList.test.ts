// The warning list keeps a busy month readable: six warnings, then a button for the rest.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { PlanWarning } from "$lib/bindings/PlanWarning";
import WarningList from "./WarningList.svelte";

const overloads: PlanWarning[] = Array.from({ length: 10 }, (_, i) => ({
  kind: "overload",
  network: "mastodon",
  day: `2027-03-${String(i + 1).padStart(2, "0")}`,
  posts: 3,
}));

describe("WarningList", () => {
  it("shows the first six warnings and the rest on demand", async () => {
    render(WarningList, { warnings: overloads, period: "month" });
    expect(screen.getAllByRole("listitem")).toHaveLength(6);
    await fireEvent.click(screen.getByRole("button", { name: "Show all 10" }));
    expect(screen.getAllByRole("listitem")).toHaveLength(10);
    expect(screen.getByRole("button", { name: "Show fewer" })).toBeTruthy();
  });

  it("says the plan is balanced when there is nothing to flag", () => {
    render(WarningList, { warnings: [], period: "month" });
    expect(screen.queryByRole("listitem")).toBeNull();
    expect(screen.getByText(/nothing to flag/)).toBeTruthy();
  });
});
