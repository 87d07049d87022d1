import { describe, expect, it } from "vitest";
import { FIELD_CHOICES, fieldOf, fieldValue, importSummary, namesSomeone, percent } from "./contactsImport";

describe("contacts import model", () => {
  it("turns every field into a select value and back", () => {
    for (const value of FIELD_CHOICES) expect(fieldValue(fieldOf(value))).toBe(value);
    expect(fieldOf("handle:bluesky")).toEqual({ field: "handle", network: "bluesky" });
    expect(fieldValue({ field: "email" })).toBe("email");
  });

  it("needs a column of names", () => {
    expect(namesSomeone([{ field: "email" }, { field: "ignore" }])).toBe(false);
    expect(namesSomeone([{ field: "family_name" }])).toBe(true);
  });

  it("sums up a refused or finished import", () => {
    const report = {
      committed: false,
      imported: 0,
      organisations_created: 0,
      already_known_total: 0,
      already_known: [],
      problems_total: 2,
      problems: [],
    };
    expect(importSummary(report).key).toBe("contacts.refused");
    expect(importSummary({ ...report, problems_total: 1 }).key).toBe("contacts.refusedOne");
    expect(importSummary({ ...report, committed: true, imported: 5 })).toEqual({
      key: "contacts.done",
      values: { imported: 5, organisations: 0, known: 0, skipped: 2 },
    });
  });

  it("reports progress as a bounded percentage", () => {
    expect(percent(0, 0)).toBe(100);
    expect(percent(500, 2000)).toBe(25);
    expect(percent(3000, 2000)).toBe(100);
  });
});
