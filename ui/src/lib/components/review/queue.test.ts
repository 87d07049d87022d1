// The review queue in words: relative ages in both languages, a contact's gap against its cadence, who wrote,
// the order of unanswered messages, and what is logged when we get back in touch.
import { afterEach, describe, expect, it } from "vitest";
import type { DueContact } from "$lib/bindings/DueContact";
import { setLanguage } from "$lib/i18n/index.svelte";
import { cadenceText, channelOptions, CONTACT_CHANNELS, oldestFirst, outbound, relativeAge, whoOf } from "./queue";
import { sampleContact, sampleMessage } from "./samples";

const NOW = new Date("2026-03-10T12:00:00Z");

const contact = (overrides: Partial<DueContact> = {}) =>
  sampleContact({ kind: "organisation", id: 3 }, "Scuola Carducci", 52, overrides);
const message = (id: number, occurred_at: string, names: string[] = ["Maria Rossi"]) => sampleMessage(id, occurred_at, names);

describe("relativeAge", () => {
  afterEach(() => setLanguage("en"));

  it("says how long ago, in the interface language", () => {
    expect(relativeAge("2026-03-10T11:59:30Z", NOW)).toBe("now");
    expect(relativeAge("2026-03-10T11:35:00Z", NOW)).toBe("25 minutes ago");
    expect(relativeAge("2026-03-10T09:00:00Z", NOW)).toBe("3 hours ago");
    expect(relativeAge("2026-03-09T08:00:00Z", NOW)).toBe("yesterday");
    expect(relativeAge("2026-03-07T12:00:00Z", NOW)).toBe("3 days ago");
    expect(relativeAge("2025-11-10T12:00:00Z", NOW)).toBe("3 months ago");
    expect(relativeAge("2023-03-01T12:00:00Z", NOW)).toBe("3 years ago");
    setLanguage("it");
    expect(relativeAge("2026-03-07T12:00:00Z", NOW)).toBe("3 giorni fa");
    expect(relativeAge("2026-03-09T08:00:00Z", NOW)).toBe("ieri");
  });

  it("never speaks of the future when clocks disagree", () => {
    expect(relativeAge("2026-03-10T12:05:00Z", NOW)).toBe("now");
  });
});

describe("cadenceText", () => {
  afterEach(() => setLanguage("en"));

  it("puts the days since the last contact against how often the library means to be in touch", () => {
    expect(cadenceText(contact())).toBe("52 days since the last contact; aim for every 30 days, at most 60");
    expect(cadenceText(contact({ max_days: null }))).toBe("52 days since the last contact; aim for every 30 days");
    expect(cadenceText(contact({ ideal_days: null }))).toBe("52 days since the last contact; at most every 60 days");
    expect(cadenceText(contact({ days_since: 1 as unknown as bigint, ideal_days: null, max_days: null }))).toBe(
      "1 day since the last contact",
    );
  });

  it("says when there has been no contact at all", () => {
    expect(cadenceText(contact({ last_interaction: null, days_since: 75 as unknown as bigint }))).toBe(
      "No contact yet, added 75 days ago; aim for every 30 days, at most 60",
    );
    setLanguage("it");
    expect(cadenceText(contact())).toBe("52 giorni dall'ultimo contatto; idealmente ogni 30 giorni, al massimo 60");
  });
});

describe("messages waiting", () => {
  it("lists the longest waiting first", () => {
    const items = [message(3, "2026-03-09T10:00:00Z"), message(1, "2026-03-01T10:00:00Z"), message(2, "2026-03-01T10:00:00Z")];
    expect(oldestFirst(items).map((i) => i.id)).toEqual([1, 2, 3]);
  });

  it("names who wrote", () => {
    expect(whoOf(message(1, "2026-03-01T10:00:00Z", ["Maria Rossi", "Scuola Carducci"]))).toBe("Maria Rossi, Scuola Carducci");
    expect(whoOf(message(1, "2026-03-01T10:00:00Z", []))).toBe("Someone");
  });

  it("offers the message's own channel for the reply besides the usual ones", () => {
    expect(channelOptions(CONTACT_CHANNELS, "social_comment").map((o) => o.value)).toEqual(["social_comment", ...CONTACT_CHANNELS]);
    expect(channelOptions(CONTACT_CHANNELS, "email").map((o) => o.label)).toEqual(["Phone", "Meeting", "E-mail", "Direct message", "Other"]);
  });

  it("logs what we said as outbound, answering the message when there is one", () => {
    const reply = outbound("email", "Sent the dates", [{ kind: "person", id: 4 }], 17);
    expect(reply).toMatchObject({ direction: "outbound", awaiting_reply: false, occurred_at: null, answers: 17 });
    expect(reply.participants).toEqual([{ party: { kind: "person", id: 4 }, role: "" }]);
    expect(outbound("phone", "Called", [{ kind: "organisation", id: 5 }]).answers).toBeNull();
  });
});
