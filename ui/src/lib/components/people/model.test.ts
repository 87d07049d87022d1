// The pure side of People & partners: consent status from dates, minors, the forms and their inputs,
// the checks that mirror the core's, the quick log's input, and paging and newest-only searches.
import { describe, expect, it } from "vitest";
import type { ConsentRecord } from "$lib/bindings/ConsentRecord";
import type { Person } from "$lib/bindings/Person";
import {
  balance,
  cadenceValid,
  consentStatus,
  contactProblem,
  daysInUnits,
  giversFor,
  halfConsented,
  isMinor,
  namesMatch,
  newAffiliationRow,
  newContactRow,
  organisationForm,
  organisationInput,
  organisationProblem,
  parseTags,
  parseWhole,
  personForm,
  personInput,
  personProblem,
  quickLogInput,
  rowIndex,
} from "./model";
import { newestOnly, Pager, STALE } from "./paging.svelte";
import { cadenceText } from "./text";

const person: Person = {
  id: 4,
  name: "Maria Rossi",
  birth_year: null,
  minor: false,
  notes: "Loves graphic novels",
  owner: "Giulia",
  origin: "manual",
  contacts: [
    { kind: "email", network: null, value: "maria@scuola.it" },
    { kind: "handle", network: "mastodon", value: "@maria@mastodon.uno" },
  ],
  tags: ["schools", "teachers"],
  affiliations: [{ organisation_id: 9, organisation: "IC Carducci", role: "teacher", from: "2020-09-01", to: null }],
  cadence: { ideal_days: 30, max_days: 60 },
  snoozed_until: null,
  created_at: "2026-01-10T09:00:00Z",
  updated_at: "2026-01-10T09:00:00Z",
};

function consent(overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    id: 1,
    person_id: 4,
    purpose: "publication_image",
    scope: { networks: ["instagram"], website: true, print: false },
    given_by: "guardian1",
    given_on: "2026-01-10",
    method: "signed form",
    evidence_ref: "Folder 2026/14",
    expires_on: null,
    withdrawn_on: null,
    ...overrides,
  };
}

describe("consent status", () => {
  it("is valid until the day after it expires, and withdrawn from the day it is withdrawn", () => {
    expect(consentStatus(consent(), "2026-03-01")).toBe("valid");
    expect(consentStatus(consent({ expires_on: "2026-06-30" }), "2026-06-30")).toBe("valid");
    expect(consentStatus(consent({ expires_on: "2026-06-30" }), "2026-07-01")).toBe("expired");
    expect(consentStatus(consent({ withdrawn_on: "2026-03-01" }), "2026-03-01")).toBe("withdrawn");
    expect(consentStatus(consent({ withdrawn_on: "2026-04-01" }), "2026-03-01")).toBe("valid");
    expect(consentStatus(consent({ withdrawn_on: "2026-03-01", expires_on: "2026-02-01" }), "2026-05-01")).toBe(
      "withdrawn",
    );
  });

  it("reckons minors as the core does and offers them only their guardians", () => {
    expect(isMinor({ minor: true, birth_year: null }, "2026-03-01")).toBe(true);
    expect(isMinor({ minor: false, birth_year: 2012 }, "2026-03-01")).toBe(true);
    expect(isMinor({ minor: false, birth_year: 2011 }, "2026-03-01")).toBe(false);
    expect(isMinor({ minor: false, birth_year: null }, "2026-03-01")).toBe(false);
    expect(giversFor(true)).toEqual(["guardian1", "guardian2"]);
    expect(giversFor(false)).toEqual(["self", "guardian1", "guardian2"]);
  });

  it("notices when only one guardian consented to a publication", () => {
    const one = [consent()];
    expect(halfConsented(one, "2026-03-01")).toEqual(["publication_image"]);
    const both = [consent(), consent({ id: 2, given_by: "guardian2" })];
    expect(halfConsented(both, "2026-03-01")).toEqual([]);
    const withdrawn = [consent(), consent({ id: 2, given_by: "guardian2", withdrawn_on: "2026-02-01" })];
    expect(halfConsented(withdrawn, "2026-03-01")).toEqual(["publication_image"]);
  });
});

describe("the person form", () => {
  it("round-trips a stored person to the same input", () => {
    const form = personForm(person);
    expect(form.tags).toBe("schools, teachers");
    expect(form.idealDays).toBe("30");
    expect(personInput(form)).toEqual({
      name: "Maria Rossi",
      birth_year: null,
      minor: false,
      notes: "Loves graphic novels",
      owner: "Giulia",
      contacts: person.contacts,
      tags: ["schools", "teachers"],
      affiliations: [{ organisation_id: 9, role: "teacher", from: "2020-09-01", to: null }],
      cadence: { ideal_days: 30, max_days: 60 },
    });
  });

  it("trims, drops the network of non-handles and empties to null", () => {
    const form = personForm(null);
    form.name = "  Luca Bianchi ";
    form.birthYear = " 2015 ";
    form.tags = "Volontari, volontari, , lettura ";
    form.contacts = [{ ...newContactRow(), kind: "phone", network: "bluesky", value: " 0371 123456 " }];
    expect(personInput(form)).toMatchObject({
      name: "Luca Bianchi",
      birth_year: 2015,
      tags: ["Volontari", "lettura"],
      contacts: [{ kind: "phone", network: null, value: "0371 123456" }],
      cadence: { ideal_days: null, max_days: null },
    });
  });

  it("names the first field the core would refuse, as the core names it", () => {
    const form = personForm(person);
    expect(personProblem(form)).toBeNull();
    expect(personProblem({ ...form, name: " " })).toBe("name");
    expect(personProblem({ ...form, birthYear: "1850" })).toBe("birth_year");
    expect(personProblem({ ...form, birthYear: "twenty" })).toBe("birth_year");
    expect(personProblem({ ...form, contacts: [...form.contacts, { ...newContactRow(), value: "maria@" }] })).toBe(
      "contacts[2]",
    );
    expect(personProblem({ ...form, affiliations: [...form.affiliations, newAffiliationRow()] })).toBe(
      "affiliations[1].organisation_id",
    );
    const ended = { ...form.affiliations[0], to: "2019-06-30" };
    expect(personProblem({ ...form, affiliations: [ended] })).toBe("affiliations[0].to");
    expect(personProblem({ ...form, idealDays: "90", maxDays: "60" })).toBe("cadence");
    expect(rowIndex("affiliations[3].to", "affiliations")).toBe(3);
    expect(rowIndex("contacts[1]", "contacts")).toBe(1);
    expect(rowIndex("name", "contacts")).toBeNull();
  });
});

describe("contact rows", () => {
  const row = (kind: "email" | "phone" | "website" | "handle", value: string, network = "mastodon" as const) => ({
    kind,
    value,
    network,
  });

  it("checks each kind as the core does", () => {
    expect(contactProblem(row("email", "  "))).toBe("empty");
    expect(contactProblem(row("email", "maria@scuola.it"))).toBeNull();
    expect(contactProblem(row("email", "maria@scuola"))).toBe("email");
    expect(contactProblem(row("email", "ma ria@scuola.it"))).toBe("email");
    expect(contactProblem(row("phone", "+39 0371 123456"))).toBeNull();
    expect(contactProblem(row("phone", "123"))).toBe("phone");
    expect(contactProblem(row("phone", "call 0371 123456"))).toBe("phone");
    expect(contactProblem(row("website", "https://biblioteca.comune.lodi.it"))).toBeNull();
    expect(contactProblem(row("website", "biblioteca.it"))).toBe("website");
    expect(contactProblem(row("handle", "@maria@mastodon.uno"))).toBeNull();
    expect(contactProblem(row("handle", "@maria"))).toBe("mastodon");
    expect(contactProblem({ kind: "handle", network: "bluesky", value: "maria.bsky.social" })).toBeNull();
    expect(contactProblem({ kind: "handle", network: "bluesky", value: "maria" })).toBe("bluesky");
    expect(contactProblem({ kind: "handle", network: "instagram", value: "biblio teca" })).toBe("handle");
    expect(contactProblem({ kind: "handle", network: "instagram", value: "@bibliolodi" })).toBeNull();
  });
});

describe("the organisation form", () => {
  it("converts to the input and checks it", () => {
    const form = organisationForm(null);
    expect(form.kind).toBe("school");
    expect(organisationProblem(form)).toBe("name");
    form.name = "Nati per Leggere Lodi";
    form.kind = "reading_programme";
    form.tags = "0-6";
    form.idealDays = "14";
    expect(organisationProblem(form)).toBeNull();
    expect(organisationInput(form)).toEqual({
      name: "Nati per Leggere Lodi",
      kind: "reading_programme",
      notes: "",
      owner: "",
      contacts: [],
      tags: ["0-6"],
      cadence: { ideal_days: 14, max_days: null },
    });
  });
});

describe("cadence, tags and names", () => {
  it("reads whole numbers and describes the rhythm in words", () => {
    expect(parseWhole("")).toBeNull();
    expect(parseWhole(" 30 ")).toBe(30);
    expect(parseWhole("1.5")).toBeNaN();
    expect(cadenceValid({ ideal_days: 0, max_days: null })).toBe(false);
    expect(daysInUnits(60)).toEqual({ count: 2, unit: "month" });
    expect(daysInUnits(14)).toEqual({ count: 2, unit: "week" });
    expect(daysInUnits(10)).toEqual({ count: 10, unit: "day" });
    expect(cadenceText({ ideal_days: 30, max_days: 60 })).toBe("Ideally every month, never more than 2 months without news.");
    expect(cadenceText({ ideal_days: 7, max_days: null })).toBe("Ideally every week.");
    expect(cadenceText({ ideal_days: null, max_days: 1 })).toBe("Never more than a day without news.");
    expect(parseTags(" a, B ,b,,c ")).toEqual(["a", "B", "c"]);
  });

  it("confirms an erasure only with the person's name", () => {
    expect(namesMatch("maria  rossi ", "Maria Rossi")).toBe(true);
    expect(namesMatch("Maria", "Maria Rossi")).toBe(false);
    expect(namesMatch("", "")).toBe(false);
  });
});

describe("the quick log", () => {
  it("makes the party the participant, adds seconds, and awaits a reply only for what came in", () => {
    const party = { kind: "person", id: 4 } as const;
    const input = quickLogInput(
      { channel: "email", direction: "inbound", summary: " Asked about the reading group ", awaiting: true, at: "" },
      party,
    );
    expect(input).toEqual({
      occurred_at: null,
      channel: "email",
      direction: "inbound",
      summary: "Asked about the reading group",
      awaiting_reply: true,
      amplified: false,
      campaign_id: null,
      post_id: null,
      event_id: null,
      participants: [{ party, role: "" }],
      answers: null,
    });
    const out = quickLogInput(
      { channel: "phone", direction: "outbound", summary: "Called back", awaiting: true, at: "2026-03-02T10:30" },
      party,
    );
    expect(out.occurred_at).toBe("2026-03-02T10:30:00");
    expect(out.awaiting_reply).toBe(false);
  });
});

describe("paging", () => {
  it("loads a page at a time until a short page, and inserts where a row belongs", async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: i + 1 }));
    const pages: { offset: number; limit: number }[] = [];
    const pager = new Pager(async (page) => {
      pages.push(page);
      return rows.slice(page.offset, page.offset + page.limit);
    }, 2);
    await pager.more();
    await pager.more();
    expect(pager.items.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(pager.done).toBe(false);
    await pager.more();
    expect(pager.done).toBe(true);
    expect(pages).toEqual([
      { offset: 0, limit: 2 },
      { offset: 2, limit: 2 },
      { offset: 4, limit: 2 },
    ]);
    pager.insert({ id: 9 }, (a, b) => a.id > b.id);
    expect(pager.items[0].id).toBe(9);
    pager.remove(9);
    expect(pager.items).toHaveLength(5);
  });

  it("keeps only the newest answer", async () => {
    const resolvers: ((value: string) => void)[] = [];
    const search = newestOnly((text: string) => new Promise<string>((resolve) => resolvers.push(() => resolve(text))));
    const first = search("mar");
    const second = search("maria");
    resolvers[1]("maria");
    resolvers[0]("mar");
    expect(await second).toBe("maria");
    expect(await first).toBe(STALE);
  });
});

describe("the balance of a relationship", () => {
  it("says who writes, and when one side writes at least twice as often", () => {
    expect(balance({ ours: 0, theirs: 0 })).toBe("none");
    expect(balance({ ours: 3, theirs: 0 })).toBe("onlyUs");
    expect(balance({ ours: 0, theirs: 1 })).toBe("onlyThem");
    expect(balance({ ours: 4, theirs: 2 })).toBe("mostlyUs");
    expect(balance({ ours: 3, theirs: 2 })).toBe("balanced");
    expect(balance({ ours: 1, theirs: 2 })).toBe("mostlyThem");
  });
});
