// Pure helpers for campaigns and the calendar: local dates, colours, post titles, calendar events,
// the weekly listening time and the planning warnings as sentences. No Svelte, no backend.
import type { ArcStep } from "$lib/bindings/ArcStep";
import type { ArcStepKind } from "$lib/bindings/ArcStepKind";
import type { ArcTemplate } from "$lib/bindings/ArcTemplate";
import type { Campaign } from "$lib/bindings/Campaign";
import type { ContentCategory } from "$lib/bindings/ContentCategory";
import type { Event } from "$lib/bindings/Event";
import type { Network } from "$lib/bindings/Network";
import type { PlanWarning } from "$lib/bindings/PlanWarning";
import type { Post } from "$lib/bindings/Post";
import type { PostState } from "$lib/bindings/PostState";
import type { CampaignStatus } from "$lib/bindings/CampaignStatus";
import { currentLanguage, t } from "$lib/i18n/index.svelte";

const states: Record<PostState, null> = {
  idea: null,
  draft: null,
  ready: null,
  scheduled: null,
  published: null,
  failed: null,
};
const statuses: Record<CampaignStatus, null> = { idea: null, planned: null, running: null, done: null };

export const POST_STATES = Object.keys(states) as PostState[];
export const CAMPAIGN_STATUSES = Object.keys(statuses) as CampaignStatus[];

/** Distinct colours, readable with white text in light and dark themes. */
export const PALETTE = ["#1d6f78", "#b35c1e", "#5b4fa8", "#2f7a3b", "#a83260", "#7a6a12", "#2d5f9e", "#8a3b1c"];

// ---- Local days ("YYYY-MM-DD") -------------------------------------------------------------------

/** Today's date in the IANA zone, as "YYYY-MM-DD" (the computer's zone when the zone is unknown). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localIn(now.toISOString(), timeZone).slice(0, 10);
}

/** The day `days` after `day` (negative for before). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A calendar Date (wall clock, in the computer's zone) as its "YYYY-MM-DD". */
export function dayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A calendar Date as a local naive datetime "YYYY-MM-DDTHH:MM:SS". */
export function localDateTimeOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${dayOf(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A local "YYYY-MM-DDTHH:MM" (seconds optional) moved by `minutes`, as "YYYY-MM-DDTHH:MM" (wall-clock arithmetic). */
export function addMinutes(local: string, minutes: number): string {
  const [day, time = "00:00"] = local.split("T");
  const [y, m, d] = day.split("-").map(Number);
  const [hh, mi] = time.split(":").map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mi + minutes)).toISOString().slice(0, 16);
}

/** A "YYYY-MM-DD" day written for people, e.g. "6 March" or "6 marzo" (with the year when asked). */
export function formatDay(day: string, withYear = false): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(currentLanguage(), {
    day: "numeric",
    month: "long",
    year: withYear ? "numeric" : undefined,
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A local naive datetime written for people, e.g. "Mon 2 March, 10:00". */
export function formatLocal(local: string): string {
  const [day, time = "00:00"] = local.split("T");
  const [y, m, d] = day.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Intl.DateTimeFormat(currentLanguage(), {
    weekday: "short",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d, hh, mm)));
}

// ---- Posts ----------------------------------------------------------------------------------------

export type ColourBy = "category" | "campaign";

export function categoryColour(categories: ContentCategory[], id: number): string {
  const index = categories.findIndex((c) => c.id === id);
  return PALETTE[(index < 0 ? 0 : index) % PALETTE.length];
}

/** A post's colour: its category's, or its campaign's (grey when it belongs to none). */
export function postColour(post: Post, colourBy: ColourBy, categories: ContentCategory[], campaigns: Campaign[]): string {
  if (colourBy === "campaign") {
    return campaigns.find((c) => c.id === post.campaign_id)?.colour || "#6b7a7d";
  }
  return categoryColour(categories, post.category_id);
}

/** What a post is called in lists: its first channel's text, else its category's name. */
export function postTitle(post: Post, categories: ContentCategory[]): string {
  const text = post.channels.find((c) => c.text.trim() !== "")?.text.trim();
  if (text) return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return categories.find((c) => c.id === post.category_id)?.name ?? t("post.untitled");
}

export type PostFilters = {
  campaign: number | "all" | "none";
  network: Network | "all";
  category: number | "all";
  state: PostState | "all";
};

export const NO_FILTERS: PostFilters = { campaign: "all", network: "all", category: "all", state: "all" };

export function matchesFilters(post: Post, filters: PostFilters): boolean {
  if (filters.campaign === "none" && post.campaign_id !== null) return false;
  if (typeof filters.campaign === "number" && post.campaign_id !== filters.campaign) return false;
  if (filters.network !== "all" && !post.channels.some((c) => c.network === filters.network)) return false;
  if (filters.category !== "all" && post.category_id !== filters.category) return false;
  if (filters.state !== "all" && post.state !== filters.state) return false;
  return true;
}

/** A calendar entry in the shape @event-calendar/core parses. */
export type CalendarEntry = {
  id: string;
  start: string;
  end: string;
  title: string;
  allDay?: boolean;
  display?: "auto" | "background";
  backgroundColor?: string;
  textColor?: string;
  classNames?: string[];
  editable?: boolean;
  extendedProps: { postId: number | null; eventId?: number; moreDay?: string };
};

const POST_MINUTES = 30;

function plusMinutes(local: string, minutes: number): string {
  const [day, time] = local.split("T");
  const [hh, mm, ss = "00"] = time.split(":");
  const total = Number(hh) * 60 + Number(mm) + minutes;
  if (total >= 24 * 60) return `${day}T23:59:59`;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${day}T${pad(Math.floor(total / 60))}:${pad(total % 60)}:${ss.slice(0, 2)}`;
}

/** The planned posts that pass the filters, as calendar events at their local time (unplanned posts are left out). */
export function postsToEvents(
  posts: Post[],
  options: { colourBy: ColourBy; categories: ContentCategory[]; campaigns: Campaign[]; filters?: PostFilters },
): CalendarEntry[] {
  const filters = options.filters ?? NO_FILTERS;
  return posts
    .filter((post) => post.planned_local !== null && matchesFilters(post, filters))
    .map((post) => {
      const start = post.planned_local!.slice(0, 19);
      return {
        id: `post-${post.id}`,
        start,
        end: plusMinutes(start, POST_MINUTES),
        title: postTitle(post, options.categories),
        backgroundColor: postColour(post, options.colourBy, options.categories, options.campaigns),
        textColor: "#ffffff",
        classNames: ["agora-post", `agora-state-${post.state}`],
        extendedProps: { postId: post.id },
      };
    });
}

/**
 * A month shows at most `perDay` entries a day: a busier day keeps its first `perDay - 1` (all-day events
 * first, then posts by time, as the calendar orders them) and ends with one "+N more" entry for that day.
 * (The calendar's own `dayMaxEvents` hides what does not fit only after drawing it: ~600 chips for a busy
 * month, 100 MiB of the web process.)
 */
export function limitPerDay(entries: CalendarEntry[], perDay: number, more: (count: number) => string): CalendarEntry[] {
  const byDay = new Map<string, CalendarEntry[]>();
  for (const entry of entries) {
    const day = entry.start.slice(0, 10);
    const list = byDay.get(day);
    if (list) list.push(entry);
    else byDay.set(day, [entry]);
  }
  const order = (a: CalendarEntry, b: CalendarEntry) =>
    Number(!a.allDay) - Number(!b.allDay) || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);
  return [...byDay].flatMap(([day, list]) => {
    if (list.length <= perDay) return list;
    const kept = [...list].sort(order).slice(0, perDay - 1);
    return [
      ...kept,
      {
        id: `more-${day}`,
        start: `${day}T23:59:00`,
        end: `${day}T23:59:59`,
        title: more(list.length - kept.length),
        classNames: ["agora-more"],
        editable: false,
        extendedProps: { postId: null, moreDay: day },
      },
    ];
  });
}

/** The weekly "reply and engage" time, Monday to Friday 09:00–09:30, for the days `from..=to` (not stored). */
export function listeningBlocks(from: string, to: string, title: string): CalendarEntry[] {
  const blocks: CalendarEntry[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const [y, m, d] = day.split("-").map(Number);
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    blocks.push({
      id: `listen-${day}`,
      start: `${day}T09:00:00`,
      end: `${day}T09:30:00`,
      title,
      display: "background",
      classNames: ["agora-listening"],
      editable: false,
      extendedProps: { postId: null },
    });
  }
  return blocks;
}

// ---- Events ---------------------------------------------------------------------------------------

/** A UTC instant as the local naive datetime "YYYY-MM-DDTHH:MM:SS" in the IANA zone (the computer's if unknown). */
export function localIn(iso: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-CA", { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat("en-CA", options);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
}

/** An event as a choice in a drop-down: its title and its local day. */
export function eventLabel(event: Event, timeZone: string): string {
  return `${event.title} · ${formatDay(localIn(event.starts_at, timeZone).slice(0, 10))}`;
}

/** The library's content categories as drop-down choices (by id): each name with its kind. */
export function categoryOptions(categories: readonly ContentCategory[]): { value: string; label: string }[] {
  return categories.map((category) => ({
    value: String(category.id),
    label: `${category.name} · ${t(`kind.${category.kind}`)}`,
  }));
}

/** Imported events as muted, all-day, fixed calendar entries on their local day. */
export function eventsToEntries(events: Event[], timeZone: string): CalendarEntry[] {
  return events.map((event) => {
    const day = localIn(event.starts_at, timeZone).slice(0, 10);
    return {
      id: `event-${event.id}`,
      start: day,
      end: day,
      allDay: true,
      title: event.title,
      backgroundColor: "var(--surface)",
      textColor: "var(--text-muted)",
      classNames: ["agora-event"],
      editable: false,
      extendedProps: { postId: null, eventId: event.id },
    };
  });
}

/** The kinds of an arc's steps, in their order. */
export const ARC_KINDS: ArcStepKind[] = ["announcement", "reminder", "day_of", "thanks"];

/** The arc template `default_arc_template` returns, for before it has answered (or when it cannot). */
export const DEFAULT_ARC_TEMPLATE: ArcTemplate = {
  steps: [
    { kind: "announcement", offset_days: -14, at: "10:00:00" },
    { kind: "reminder", offset_days: -2, at: "10:00:00" },
    { kind: "day_of", offset_days: 0, at: "09:00:00" },
    { kind: "thanks", offset_days: 1, at: "10:00:00" },
  ],
  channels: [],
};

/** One editable step of the arc in the event panel: days as typed, the time as "HH:MM", included or skipped. */
export type ArcRow = { kind: ArcStepKind; offset: number | null; time: string; included: boolean };

/** The template's steps as editable rows, one per kind in order (kinds it lacks start skipped). */
export function arcRows(template: ArcTemplate): ArcRow[] {
  return ARC_KINDS.map((kind) => {
    const step = template.steps.find((s) => s.kind === kind);
    const fallback = DEFAULT_ARC_TEMPLATE.steps.find((s) => s.kind === kind)!;
    const { offset_days, at } = step ?? fallback;
    return { kind, offset: offset_days, time: at.slice(0, 5), included: step !== undefined };
  });
}

/** Whether a row's days and time can be sent: a whole number of days (within a year) and an "HH:MM" time. */
export function arcRowValid(row: ArcRow): boolean {
  return (
    typeof row.offset === "number" &&
    Number.isInteger(row.offset) &&
    Math.abs(row.offset) <= 366 &&
    /^([01]\d|2[0-3]):[0-5]\d$/.test(row.time)
  );
}

/** The included, valid rows as the template `generate_arc` takes (times as "HH:MM:00"). */
export function arcTemplateOf(rows: ArcRow[], channels: Network[]): ArcTemplate {
  const steps: ArcStep[] = rows
    .filter((row) => row.included && arcRowValid(row))
    .map((row) => ({ kind: row.kind, offset_days: row.offset as number, at: `${row.time}:00` }));
  return { steps, channels };
}

/** The local times of a template's steps around an event on the local `day`, e.g. "2026-03-06T10:00". */
export function arcPreview(day: string, template: ArcTemplate): { kind: ArcStepKind; at: string }[] {
  return template.steps.map((step) => ({ kind: step.kind, at: `${addDays(day, step.offset_days)}T${step.at.slice(0, 5)}` }));
}

/** What moving an event did, as one sentence: "Event moved; 3 posts moved with it; 1 edited post left where it was — check it." */
export function moveSummary(report: { posts_moved: number; posts_kept: number }): string {
  const parts = [t("event.moved")];
  if (report.posts_moved > 0) {
    parts.push(report.posts_moved === 1 ? t("event.movedPost") : t("event.movedPosts", { count: report.posts_moved }));
  }
  if (report.posts_kept > 0) {
    parts.push(report.posts_kept === 1 ? t("event.keptPost") : t("event.keptPosts", { count: report.posts_kept }));
  }
  return `${parts.join("; ")}.`;
}

/** A name as a file name: "Festival della lettura" → "festival-della-lettura.ics". */
export function icsFileName(name: string): string {
  const slug = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${slug || "agora"}.ics`;
}

// ---- Content mix ----------------------------------------------------------------------------------

/** The entered mix shares: their sum, and whether they can be saved (all empty, or adding up to 100). */
export function mixTotal(values: Record<number, string>): { total: number; empty: boolean; valid: boolean } {
  const numbers = Object.values(values)
    .map((v) => String(v ?? "").trim())
    .filter((v) => v !== "")
    .map(Number);
  const empty = numbers.length === 0;
  const total = numbers.reduce((sum, n) => sum + (Number.isFinite(n) ? n : NaN), 0);
  const wellFormed = numbers.every((n) => Number.isInteger(n) && n >= 0 && n <= 100);
  return { total: Number.isFinite(total) ? total : 0, empty, valid: empty || (wellFormed && total === 100) };
}

/** "1 post", "3 posts" in the current language. */
export function postCount(count: number): string {
  return count === 1 ? t("plan.post", { count }) : t("plan.posts", { count });
}

// ---- Warnings -------------------------------------------------------------------------------------

export type Period = "month" | "week" | "campaign" | "range";

/** A planning warning as one readable sentence in the current language. */
export function warningText(warning: PlanWarning, period: Period = "range"): string {
  const periodText = t(`period.${period}`);
  switch (warning.kind) {
    case "too_many_announcements":
      return t("warning.too_many_announcements", { share: warning.share, max: warning.max, period: periodText });
    case "no_community_story":
      return t("warning.no_community_story", { period: periodText });
    case "silence":
      return t("warning.silence", {
        network: t(`network.${warning.network}`),
        from: formatDay(warning.from),
        to: formatDay(warning.to),
        days: warning.days,
      });
    case "overload":
      return t("warning.overload", {
        network: t(`network.${warning.network}`),
        posts: warning.posts,
        day: formatDay(warning.day),
      });
    case "too_close":
      return t("warning.too_close", { network: t(`network.${warning.network}`), minutes: warning.minutes });
  }
}

/** The post a warning is about, when it names one (to offer opening it). */
export function warningPost(warning: PlanWarning): number | null {
  return warning.kind === "too_close" ? warning.second : null;
}
