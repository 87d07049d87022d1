// The closed sets of values the UI offers (languages, networks, category kinds, sections), each checked
// for completeness against the generated bindings.
import type { CategoryKind } from "$lib/bindings/CategoryKind";
import type { Language } from "$lib/bindings/Language";
import type { Network } from "$lib/bindings/Network";

const languages: Record<Language, null> = { it: null, en: null };
const networks: Record<Network, null> = {
  x: null,
  mastodon: null,
  bluesky: null,
  instagram: null,
  facebook: null,
  threads: null,
  linkedin: null,
  youtube: null,
  tiktok: null,
};
const kinds: Record<CategoryKind, null> = {
  event: null,
  activity: null,
  service_information: null,
  community_story: null,
  other: null,
};

export const LANGUAGES = Object.keys(languages) as Language[];
export const NETWORKS = Object.keys(networks) as Network[];
export const CATEGORY_KINDS = Object.keys(kinds) as CategoryKind[];

/** The sidebar's sections, in order. */
export const SECTIONS = ["today", "inbox", "campaigns", "calendar", "drafts", "people", "voice", "settings"] as const;
export type SectionId = (typeof SECTIONS)[number];

export const FALLBACK_TIMEZONE = "Europe/Rome";

/** The most content categories a library may keep (the core enforces the same limit). */
export const MAX_CATEGORIES = 12;
