// The pure planning helpers: warnings as sentences, posts as calendar events, listening time, the mix total.
import { afterEach, describe, expect, it } from "vitest";
import type { PlanWarning } from "$lib/bindings/PlanWarning";
import { setLanguage } from "$lib/i18n/index.svelte";
import { campaign, event, post, profile } from "../test/fixtures";
import {
  addDays,
  addMinutes,
  arcPreview,
  arcRows,
  arcTemplateOf,
  categoryOptions,
  DEFAULT_ARC_TEMPLATE,
  eventLabel,
  moveSummary,
  icsFileName,
  limitPerDay,
  listeningBlocks,
  localIn,
  mixTotal,
  postsToEvents,
  postTitle,
  warningText,
  type CalendarEntry,
} from "./planning";

const warnings: PlanWarning[] = [
  { kind: "too_many_announcements", share: 80, max: 70 },
  { kind: "no_community_story" },
  { kind: "silence", network: "mastodon", from: "2026-03-06", to: "2026-03-19", days: 14 },
  { kind: "overload", network: "mastodon", day: "2026-03-02", posts: 3 },
  { kind: "too_close", network: "mastodon", first: 1, second: 2, minutes: 30 },
];

describe("warningText", () => {
  afterEach(() => setLanguage("en"));

  it("writes every warning as an English sentence", () => {
    expect(warnings.map((w) => warningText(w, "month"))).toEqual([
      "Announcements are 80% of the posts planned for this month (aim for at most 70%).",
      "No community story planned for this month.",
      "Mastodon is silent from March 6 to March 19 (14 days).",
      "Mastodon has 3 posts on March 2.",
      "Two Mastodon posts are only 30 minutes apart.",
    ]);
  });

  it("writes every warning as an Italian sentence", () => {
    setLanguage("it");
    expect(warnings.map((w) => warningText(w, "campaign"))).toEqual([
      "Annunci: 80% dei post previsti per questa campagna (limite consigliato: 70%).",
      "Nessuna storia della comunità prevista per questa campagna.",
      "Mastodon resta in silenzio dal 6 marzo al 19 marzo (14 giorni).",
      "Mastodon ha 3 post il 2 marzo.",
      "Due post su Mastodon sono a soli 30 minuti di distanza.",
    ]);
  });
});

describe("postsToEvents", () => {
  const categories = profile.categories;

  it("places planned posts at their local time, titled by their text and coloured by category", () => {
    const events = postsToEvents([post(), post({ id: 12, planned_local: null, planned_at: null })], {
      colourBy: "category",
      categories,
      campaigns: [campaign],
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: "post-11",
      start: "2026-03-02T10:00:00",
      end: "2026-03-02T10:30:00",
      title: "Reading festival opens Monday!",
      extendedProps: { postId: 11 },
    });
    const second = postsToEvents([post({ category_id: 2 })], { colourBy: "category", categories, campaigns: [] });
    expect(second[0].backgroundColor).not.toBe(events[0].backgroundColor);
  });

  it("colours by campaign, and filters client-side", () => {
    const posts = [post(), post({ id: 12, campaign_id: null, category_id: 2, state: "ready" })];
    const byCampaign = postsToEvents(posts, { colourBy: "campaign", categories, campaigns: [campaign] });
    expect(byCampaign[0].backgroundColor).toBe("#b35c1e");
    const options = { colourBy: "category" as const, categories, campaigns: [campaign] };
    const only = (filters: Parameters<typeof postsToEvents>[1]["filters"]) =>
      postsToEvents(posts, { ...options, filters }).map((e) => e.id);
    expect(only({ campaign: 7, network: "all", category: "all", state: "all" })).toEqual(["post-11"]);
    expect(only({ campaign: "none", network: "all", category: "all", state: "all" })).toEqual(["post-12"]);
    expect(only({ campaign: "all", network: "bluesky", category: "all", state: "all" })).toEqual([]);
    expect(only({ campaign: "all", network: "all", category: 2, state: "all" })).toEqual(["post-12"]);
    expect(only({ campaign: "all", network: "all", category: "all", state: "draft" })).toEqual(["post-11"]);
  });

  it("falls back to the category's name for a post without text", () => {
    expect(postTitle(post({ channels: [{ network: "mastodon", text: "  " }] }), profile.categories)).toBe("Eventi");
  });
});

describe("limitPerDay", () => {
  const more = (count: number) => `+${count} more`;
  const entry = (id: string, start: string, allDay = false): CalendarEntry => ({
    id,
    start,
    end: start,
    title: id,
    allDay,
    extendedProps: { postId: null },
  });

  it("keeps a quiet day whole", () => {
    const day = [entry("a", "2027-03-01T10:00:00"), entry("b", "2027-03-01T11:00:00"), entry("c", "2027-03-01T12:00:00")];
    expect(limitPerDay(day, 3, more)).toEqual(day);
  });

  it("keeps the first entries of a busy day, all-day events first, and ends it with one entry for the rest", () => {
    const busy = [
      entry("late", "2027-03-01T18:00:00"),
      entry("early", "2027-03-01T08:00:00"),
      entry("noon", "2027-03-01T12:00:00"),
      entry("event", "2027-03-01", true),
      entry("next-day", "2027-03-02T09:00:00"),
    ];
    const limited = limitPerDay(busy, 3, more);
    expect(limited.map((e) => e.id)).toEqual(["event", "early", "more-2027-03-01", "next-day"]);
    const rest = limited[2];
    expect(rest.title).toBe("+2 more");
    expect(rest.extendedProps).toEqual({ postId: null, moreDay: "2027-03-01" });
    expect(rest.editable).toBe(false);
    expect(rest.start > busy[0].start).toBe(true);
  });

  it("never shows more entries a day than asked", () => {
    const month = Array.from({ length: 600 }, (_, i) => entry(`p${i}`, `2027-03-${String((i % 31) + 1).padStart(2, "0")}T10:00:00`));
    const limited = limitPerDay(month, 3, more);
    expect(limited).toHaveLength(31 * 3);
    const hidden = limited.filter((e) => e.extendedProps.moreDay).reduce((sum, e) => sum + Number(e.title.slice(1, -5)), 0);
    expect(hidden + 31 * 2).toBe(600);
  });
});

describe("listeningBlocks", () => {
  it("keeps 09:00–09:30 on weekdays only, as background events", () => {
    // 2026-03-02 is a Monday; the week runs to Sunday 8 March.
    const blocks = listeningBlocks("2026-03-02", "2026-03-08", "Reply and engage");
    expect(blocks.map((b) => b.start)).toEqual([
      "2026-03-02T09:00:00",
      "2026-03-03T09:00:00",
      "2026-03-04T09:00:00",
      "2026-03-05T09:00:00",
      "2026-03-06T09:00:00",
    ]);
    expect(blocks.every((b) => b.display === "background" && b.extendedProps.postId === null)).toBe(true);
  });

  it("steps over month ends", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("mixTotal", () => {
  it("accepts all empty or a total of 100, and nothing else", () => {
    expect(mixTotal({ 1: "", 2: "" })).toEqual({ total: 0, empty: true, valid: true });
    expect(mixTotal({ 1: "60", 2: "40" })).toEqual({ total: 100, empty: false, valid: true });
    expect(mixTotal({ 1: "60", 2: "" })).toEqual({ total: 60, empty: false, valid: false });
    expect(mixTotal({ 1: "70", 2: "40" }).valid).toBe(false);
    expect(mixTotal({ 1: "99.5", 2: "0.5" }).valid).toBe(false);
  });
});

describe("events", () => {
  it("places a UTC instant on the library's local day and time", () => {
    expect(localIn("2026-03-28T23:30:00Z", "Europe/Rome")).toBe("2026-03-29T00:30:00");
    expect(localIn("2026-07-01T08:00:00Z", "Europe/Rome")).toBe("2026-07-01T10:00:00");
  });

  it("previews an edited arc template and sends only the included, valid steps", () => {
    const rows = arcRows(DEFAULT_ARC_TEMPLATE);
    rows[0].offset = -7;
    rows[0].time = "18:30";
    rows[3].included = false;
    const template = arcTemplateOf(rows, ["mastodon"]);
    expect(template).toEqual({
      steps: [
        { kind: "announcement", offset_days: -7, at: "18:30:00" },
        { kind: "reminder", offset_days: -2, at: "10:00:00" },
        { kind: "day_of", offset_days: 0, at: "09:00:00" },
      ],
      channels: ["mastodon"],
    });
    expect(arcPreview("2026-03-20", template).map((s) => s.at)).toEqual([
      "2026-03-13T18:30",
      "2026-03-18T10:00",
      "2026-03-20T09:00",
    ]);
    rows[1].offset = null;
    expect(arcTemplateOf(rows, []).steps.map((s) => s.kind)).toEqual(["announcement", "day_of"]);
  });

  it("summarises moving an event", () => {
    expect(moveSummary({ posts_moved: 3, posts_kept: 1 })).toBe(
      "Event moved; 3 posts moved with it; 1 edited post left where it was — check it.",
    );
    expect(moveSummary({ posts_moved: 1, posts_kept: 0 })).toBe("Event moved; 1 post moved with it.");
    expect(moveSummary({ posts_moved: 0, posts_kept: 2 })).toBe(
      "Event moved; 2 edited posts left where they were — check them.",
    );
  });

  it("turns a name into an .ics file name", () => {
    expect(icsFileName("Festival della Lettura")).toBe("festival-della-lettura.ics");
    expect(icsFileName("Città & più!")).toBe("citta-piu.ics");
    expect(icsFileName("…")).toBe("agora.ics");
  });
});

describe("addMinutes", () => {
  it("moves a local time across the hour, midnight and the month", () => {
    expect(addMinutes("2026-03-20T18:00", 90)).toBe("2026-03-20T19:30");
    expect(addMinutes("2026-03-31T23:00:00", 90)).toBe("2026-04-01T00:30");
  });
});

describe("choices in drop-downs", () => {
  afterEach(() => setLanguage("en"));

  it("names an event by its title and its local day", () => {
    setLanguage("en");
    const late = event({ starts_at: "2026-03-20T23:30:00Z" });
    expect(eventLabel(late, "Europe/Rome")).toBe("Incontro con l'autrice · March 21");
    expect(eventLabel(late, "UTC")).toBe("Incontro con l'autrice · March 20");
  });

  it("offers the library's categories by id, each with its kind", () => {
    setLanguage("en");
    expect(categoryOptions(profile.categories)).toEqual([
      { value: "1", label: "Eventi · Event" },
      { value: "2", label: "Storie della comunità · Community story" },
    ]);
  });
});
