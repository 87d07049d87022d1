// Test helpers: sample backend data, a scripted fake of `call`, and a reset of the app-wide state.
import { BackendError } from "$lib/backend";
import type { BackupInfo } from "$lib/bindings/BackupInfo";
import type { Campaign } from "$lib/bindings/Campaign";
import type { Commands } from "$lib/bindings/commands";
import type { Event } from "$lib/bindings/Event";
import type { LibraryProfile } from "$lib/bindings/LibraryProfile";
import type { PlanView } from "$lib/bindings/PlanView";
import type { Post } from "$lib/bindings/Post";
import type { Startup } from "$lib/bindings/Startup";
import { setLanguage } from "$lib/i18n/index.svelte";
import { session } from "$lib/session.svelte";

export type Handlers = {
  [K in keyof Commands]?: (args: Commands[K]["args"]) => Commands[K]["result"] | Promise<Commands[K]["result"]>;
};

/** An implementation for the mocked `call` that answers from `handlers` and rejects anything else. */
export function fakeCall(handlers: Handlers) {
  return async (command: keyof Commands, args: unknown): Promise<never> => {
    const handler = handlers[command] as ((a: unknown) => unknown) | undefined;
    if (!handler) throw new BackendError("unexpected", `no fake for ${command}`);
    return (await handler(args)) as never;
  };
}

export const backup: BackupInfo = {
  file_name: "agora-20260301-080000.sqlite3",
  path: "/data/backups/agora-20260301-080000.sqlite3",
  created_at: "2026-03-01T08:00:00Z",
  size_bytes: 204800,
};

export const olderBackup: BackupInfo = {
  file_name: "agora-20260228-080000.sqlite3",
  path: "/data/backups/agora-20260228-080000.sqlite3",
  created_at: "2026-02-28T08:00:00Z",
  size_bytes: 200000,
};

export const profile: LibraryProfile = {
  name: "Biblioteca civica di Lodi",
  city: "Lodi",
  languages: ["it", "en"],
  timezone: "Europe/Rome",
  handles: [{ network: "mastodon", handle: "@biblioteca@mastodon.uno" }],
  categories: [
    { id: 1, name: "Eventi", kind: "event" },
    { id: 2, name: "Storie della comunità", kind: "community_story" },
  ],
  created_at: "2026-01-10T09:00:00Z",
  updated_at: "2026-01-10T09:00:00Z",
};

export function readyStartup(withProfile: LibraryProfile | null = profile): Startup {
  return {
    data_dir: "/data",
    language: "en",
    language_choice: null,
    state: { kind: "ready", profile: withProfile, newest_backup: backup, backup_due: false },
  };
}

export function damagedStartup(): Startup {
  return {
    data_dir: "/data",
    language: "en",
    language_choice: null,
    state: {
      kind: "damaged",
      database: "/data/agora.sqlite3",
      detail: "file is not a database",
      backups: [olderBackup, backup],
    },
  };
}

export function resetSession(): void {
  session.startup = null;
  session.backupProblem = null;
  session.section = "today";
  session.focusTarget = null;
  session.navigated = false;
  session.status = null;
  session.languageChoice = null;
  setLanguage("en");
}

export const campaign: Campaign = {
  id: 7,
  name: "Festa della lettura",
  objective: "Invite families to tell what they read",
  target_count: 40,
  target_unit: "replies",
  starts_on: "2026-03-01",
  ends_on: "2026-03-31",
  status: "running",
  owner: "Giulia",
  notes: "",
  colour: "#b35c1e",
  audiences: ["Famiglie 0-6"],
  channels: ["mastodon"],
  mix_targets: [
    { category_id: 1, share: 60 },
    { category_id: 2, share: 40 },
  ],
  created_at: "2026-02-01T09:00:00Z",
  updated_at: "2026-02-01T09:00:00Z",
};

export function post(overrides: Partial<Post> = {}): Post {
  return {
    id: 11,
    campaign_id: 7,
    category_id: 1,
    event_id: null,
    planned_at: "2026-03-02T09:00:00Z",
    planned_local: "2026-03-02T10:00:00",
    state: "draft",
    channels: [{ network: "mastodon", text: "Reading festival opens Monday!" }],
    edited: false,
    created_at: "2026-02-01T09:00:00Z",
    updated_at: "2026-02-01T09:00:00Z",
    ...overrides,
  };
}

/** A plan for March 2026 with one post and two warnings (or none of either when `empty`). */
export function planView(empty = false, from = "2026-03-01", to = "2026-03-31"): PlanView {
  return {
    from,
    to,
    posts: empty ? [] : [post()],
    campaigns: [campaign],
    mix: empty
      ? { total: 0, shares: [], announcement_share: 0 }
      : {
          total: 1,
          shares: [{ category_id: 1, name: "Eventi", kind: "event", posts: 1, share: 100, target: 60 }],
          announcement_share: 100,
        },
    warnings: empty
      ? []
      : [
          { kind: "too_many_announcements", share: 100, max: 70 },
          { kind: "no_community_story" },
        ],
    rules: { max_announcement_share: 70, silence_days: 7, max_posts_per_channel_day: 2, min_minutes_between_posts: 60 },
  };
}

/** An imported event at 17:00 Rome time (16:00 UTC) on `day`. */
export function event(overrides: Partial<Event> = {}, day = "2026-03-20"): Event {
  return {
    id: 31,
    uid: "evt-31@comune.example",
    title: "Incontro con l'autrice",
    starts_at: `${day}T16:00:00Z`,
    ends_at: `${day}T17:30:00Z`,
    place: "Sala conferenze",
    audience: "Adulti",
    price: "",
    booking_url: "https://comune.example/prenota",
    accessibility: "Accessibile in sedia a rotelle",
    ...overrides,
  };
}
