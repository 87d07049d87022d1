// Pure helpers for People & partners: the closed sets the forms offer, the person and organisation forms
// and their conversion to the core's inputs, checks that mirror the core's, consent status and the quick
// log's input. No Svelte, no backend.
import type { Affiliation } from "$lib/bindings/Affiliation";
import type { Cadence } from "$lib/bindings/Cadence";
import type { Channel } from "$lib/bindings/Channel";
import type { ConsentRecord } from "$lib/bindings/ConsentRecord";
import type { ContactKind } from "$lib/bindings/ContactKind";
import type { ContactPoint } from "$lib/bindings/ContactPoint";
import type { Direction } from "$lib/bindings/Direction";
import type { GivenBy } from "$lib/bindings/GivenBy";
import type { InteractionInput } from "$lib/bindings/InteractionInput";
import type { Network } from "$lib/bindings/Network";
import type { Organisation } from "$lib/bindings/Organisation";
import type { OrganisationInput } from "$lib/bindings/OrganisationInput";
import type { OrganisationKind } from "$lib/bindings/OrganisationKind";
import type { Party } from "$lib/bindings/Party";
import type { Person } from "$lib/bindings/Person";
import type { PersonInput } from "$lib/bindings/PersonInput";
import type { Purpose } from "$lib/bindings/Purpose";

// ---- Closed sets, checked for completeness against the bindings ----------------------------------------

const contactKinds: Record<ContactKind, null> = { email: null, phone: null, website: null, handle: null };
const organisationKinds: Record<OrganisationKind, null> = {
  school: null,
  association: null,
  reading_programme: null,
  bookshop: null,
  press: null,
  public_office: null,
  other: null,
};
const channels: Record<Channel, null> = {
  social_comment: null,
  direct_message: null,
  mention: null,
  email: null,
  phone: null,
  meeting: null,
  event_attendance: null,
  co_organised_event: null,
  other: null,
};
const purposes: Record<Purpose, null> = { contact: null, publication_image: null, publication_quote: null };
const givers: Record<GivenBy, null> = { self: null, guardian1: null, guardian2: null };

export const CONTACT_KINDS = Object.keys(contactKinds) as ContactKind[];
export const ORGANISATION_KINDS = Object.keys(organisationKinds) as OrganisationKind[];
export const CHANNELS = Object.keys(channels) as Channel[];
export const PURPOSES = Object.keys(purposes) as Purpose[];
export const GIVERS = Object.keys(givers) as GivenBy[];
export const GUARDIANS: GivenBy[] = ["guardian1", "guardian2"];

/** How many rows a list or a timeline asks for at a time (the core returns at most 500). */
export const PAGE_SIZE = 50;

/** Under this age (in Italy, D.Lgs. 101/2018) a person cannot consent alone: both guardians must. */
export const CONSENT_AGE = 14;

// ---- Numbers typed in a text box --------------------------------------------------------------------

/** A whole number typed by the officer: null when empty, NaN when it is not a whole number. */
export function parseWhole(text: string): number | null {
  const value = text.trim();
  if (value === "") return null;
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

// ---- Contact points ---------------------------------------------------------------------------------

/** One contact point as edited: `network` is kept for every kind but sent only for handles. */
export type ContactRow = { key: number; kind: ContactKind; network: Network; value: string };

let nextKey = 1;
/** A key for a new editable row (stable across re-renders, unique in the window). */
export function rowKey(): number {
  return nextKey++;
}

export function contactRows(points: readonly ContactPoint[]): ContactRow[] {
  return points.map((p) => ({ key: rowKey(), kind: p.kind, network: p.network ?? "mastodon", value: p.value }));
}

export function newContactRow(): ContactRow {
  return { key: rowKey(), kind: "email", network: "mastodon", value: "" };
}

export function contactPoints(rows: readonly ContactRow[]): ContactPoint[] {
  return rows.map((r) => ({ kind: r.kind, network: r.kind === "handle" ? r.network : null, value: r.value.trim() }));
}

/** What is wrong with a contact row, as the core would see it; null when it is fine. */
export type ContactProblem = "empty" | "email" | "phone" | "website" | "handle" | "mastodon" | "bluesky";

export function contactProblem(row: Pick<ContactRow, "kind" | "network" | "value">): ContactProblem | null {
  const value = row.value.trim();
  if (value === "") return "empty";
  switch (row.kind) {
    case "email": {
      const parts = value.split("@");
      const [user, domain] = parts;
      const ok =
        parts.length === 2 && user !== "" && domain.includes(".") && !domain.startsWith(".") && !domain.endsWith(".");
      return ok && !/\s/.test(value) ? null : "email";
    }
    case "phone":
      return (value.match(/\d/g)?.length ?? 0) >= 5 && /^[\d +\-./()]+$/.test(value) ? null : "phone";
    case "website":
      try {
        return ["http:", "https:"].includes(new URL(value).protocol) ? null : "website";
      } catch {
        return "website";
      }
    case "handle": {
      if (/\s/.test(value)) return "handle";
      const bare = value.replace(/^@/, "");
      if (row.network === "mastodon") {
        const parts = bare.split("@");
        return parts.length === 2 && parts[0] !== "" && parts[1].includes(".") ? null : "mastodon";
      }
      if (row.network === "bluesky") {
        return bare.includes(".") && !bare.startsWith(".") && !bare.endsWith(".") ? null : "bluesky";
      }
      return null;
    }
  }
}

// ---- Tags and cadence -------------------------------------------------------------------------------

/** Comma-separated tags, trimmed, without empty ones or repeats (whatever their case). */
export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const raw of text.split(",")) {
    const tag = raw.trim();
    if (tag !== "" && !tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }
  return tags;
}

export function cadenceOf(ideal: string, max: string): Cadence {
  return { ideal_days: parseWhole(ideal), max_days: parseWhole(max) };
}

/** Whether the cadence is usable: whole days, at least one, the ideal no longer than the maximum. */
export function cadenceValid(cadence: Cadence): boolean {
  const values = [cadence.ideal_days, cadence.max_days].filter((d): d is number => d !== null);
  if (values.some((d) => !Number.isInteger(d) || d < 1)) return false;
  return cadence.ideal_days === null || cadence.max_days === null || cadence.ideal_days <= cadence.max_days;
}

/** A number of days in the largest unit that divides it: months of 30 days, then weeks, then days. */
export function daysInUnits(days: number): { count: number; unit: "day" | "week" | "month" } {
  if (days % 30 === 0) return { count: days / 30, unit: "month" };
  if (days % 7 === 0) return { count: days / 7, unit: "week" };
  return { count: days, unit: "day" };
}

// ---- The person form ----------------------------------------------------------------------------------

/** An affiliation as edited: the organisation is picked by search, so it may not be chosen yet. */
export type AffiliationRow = {
  key: number;
  organisation_id: number | null;
  organisation: string;
  role: string;
  from: string;
  to: string;
};

export type PersonForm = {
  name: string;
  birthYear: string;
  minor: boolean;
  notes: string;
  owner: string;
  contacts: ContactRow[];
  tags: string;
  affiliations: AffiliationRow[];
  idealDays: string;
  maxDays: string;
};

export function affiliationRows(affiliations: readonly Affiliation[]): AffiliationRow[] {
  return affiliations.map((a) => ({
    key: rowKey(),
    organisation_id: a.organisation_id,
    organisation: a.organisation,
    role: a.role,
    from: a.from ?? "",
    to: a.to ?? "",
  }));
}

export function newAffiliationRow(): AffiliationRow {
  return { key: rowKey(), organisation_id: null, organisation: "", role: "", from: "", to: "" };
}

const days = (value: number | null) => (value === null ? "" : String(value));

export function personForm(person: Person | null): PersonForm {
  return {
    name: person?.name ?? "",
    birthYear: person?.birth_year != null ? String(person.birth_year) : "",
    minor: person?.minor ?? false,
    notes: person?.notes ?? "",
    owner: person?.owner ?? "",
    contacts: contactRows(person?.contacts ?? []),
    tags: (person?.tags ?? []).join(", "),
    affiliations: affiliationRows(person?.affiliations ?? []),
    idealDays: days(person?.cadence.ideal_days ?? null),
    maxDays: days(person?.cadence.max_days ?? null),
  };
}

export function personInput(form: PersonForm): PersonInput {
  return {
    name: form.name.trim(),
    birth_year: parseWhole(form.birthYear),
    minor: form.minor,
    notes: form.notes.trim(),
    owner: form.owner.trim(),
    contacts: contactPoints(form.contacts),
    tags: parseTags(form.tags),
    affiliations: form.affiliations.map((a) => ({
      organisation_id: a.organisation_id ?? 0,
      role: a.role.trim(),
      from: a.from || null,
      to: a.to || null,
    })),
    cadence: cadenceOf(form.idealDays, form.maxDays),
  };
}

/** The contacts' problem first found, named as the core names it ("contacts[1]"). */
function contactsProblem(rows: readonly ContactRow[]): string | null {
  const index = rows.findIndex((r) => contactProblem(r) !== null);
  return index < 0 ? null : `contacts[${index}]`;
}

/**
 * The first field the core would refuse, named as the core names it ("name", "birth_year", "contacts[1]",
 * "affiliations[0].organisation_id", "affiliations[0].to", "cadence"), or null when the form looks fine.
 */
export function personProblem(form: PersonForm): string | null {
  if (form.name.trim() === "") return "name";
  const year = parseWhole(form.birthYear);
  if (year !== null && !(year >= 1900 && year <= 2200)) return "birth_year";
  const contacts = contactsProblem(form.contacts);
  if (contacts) return contacts;
  for (const [i, a] of form.affiliations.entries()) {
    if (a.organisation_id === null) return `affiliations[${i}].organisation_id`;
    if (a.from && a.to && a.to < a.from) return `affiliations[${i}].to`;
  }
  if (!cadenceValid(cadenceOf(form.idealDays, form.maxDays))) return "cadence";
  return null;
}

// ---- The organisation form ------------------------------------------------------------------------------

export type OrganisationForm = {
  name: string;
  kind: OrganisationKind;
  notes: string;
  owner: string;
  contacts: ContactRow[];
  tags: string;
  idealDays: string;
  maxDays: string;
};

export function organisationForm(organisation: Organisation | null): OrganisationForm {
  return {
    name: organisation?.name ?? "",
    kind: organisation?.kind ?? "school",
    notes: organisation?.notes ?? "",
    owner: organisation?.owner ?? "",
    contacts: contactRows(organisation?.contacts ?? []),
    tags: (organisation?.tags ?? []).join(", "),
    idealDays: days(organisation?.cadence.ideal_days ?? null),
    maxDays: days(organisation?.cadence.max_days ?? null),
  };
}

export function organisationInput(form: OrganisationForm): OrganisationInput {
  return {
    name: form.name.trim(),
    kind: form.kind,
    notes: form.notes.trim(),
    owner: form.owner.trim(),
    contacts: contactPoints(form.contacts),
    tags: parseTags(form.tags),
    cadence: cadenceOf(form.idealDays, form.maxDays),
  };
}

export function organisationProblem(form: OrganisationForm): string | null {
  if (form.name.trim() === "") return "name";
  const contacts = contactsProblem(form.contacts);
  if (contacts) return contacts;
  return cadenceValid(cadenceOf(form.idealDays, form.maxDays)) ? null : "cadence";
}

/** The row index in a field path such as "contacts[2]" or "affiliations[0].to". */
export function rowIndex(field: string | null, list: "contacts" | "affiliations"): number | null {
  const match = field === null ? null : new RegExp(`^${list}\\[(\\d+)\\]`).exec(field);
  return match ? Number(match[1]) : null;
}

// ---- Minors and consent -----------------------------------------------------------------------------

/** Whether the person counts as a minor on `today` ("YYYY-MM-DD"), as the core reckons it: flagged as one,
 *  or born fewer than 14 years before by birth year (cautiously, still a minor in the year they turn 14). */
export function isMinor(person: { minor: boolean; birth_year: number | null }, today: string): boolean {
  return person.minor || (person.birth_year !== null && Number(today.slice(0, 4)) - person.birth_year <= CONSENT_AGE);
}

/** The person a consent is about. */
export type Subject = { id: number; name: string; minor: boolean };

/** Who may give consent: a minor cannot consent alone, so only their guardians. */
export function giversFor(minor: boolean): GivenBy[] {
  return minor ? GUARDIANS : GIVERS;
}

export type ConsentStatus = "valid" | "expired" | "withdrawn";

/** A consent's status on `today`: withdrawn from its withdrawal date, expired after its expiry date. */
export function consentStatus(
  consent: Pick<ConsentRecord, "expires_on" | "withdrawn_on">,
  today: string,
): ConsentStatus {
  if (consent.withdrawn_on !== null && consent.withdrawn_on <= today) return "withdrawn";
  if (consent.expires_on !== null && consent.expires_on < today) return "expired";
  return "valid";
}

/** For a minor: the publication purposes for which only one guardian's valid consent is on record. */
export function halfConsented(consents: readonly ConsentRecord[], today: string): Purpose[] {
  return PURPOSES.filter((purpose) => {
    if (purpose === "contact") return false;
    const given = new Set(
      consents
        .filter((c) => c.purpose === purpose && consentStatus(c, today) === "valid" && c.given_by !== "self")
        .map((c) => c.given_by),
    );
    return given.size === 1;
  });
}

// ---- Erasure ----------------------------------------------------------------------------------------

const folded = (text: string) => text.trim().replace(/\s+/g, " ").toLocaleLowerCase();

/** Whether the officer typed the person's name (spacing and case aside). */
export function namesMatch(typed: string, name: string): boolean {
  return folded(typed) !== "" && folded(typed) === folded(name);
}

// ---- Interactions -----------------------------------------------------------------------------------

export type QuickLog = {
  channel: Channel;
  direction: Direction;
  summary: string;
  awaiting: boolean;
  /** A local "YYYY-MM-DDTHH:MM" (or with seconds), or "" for now. */
  at: string;
};

/** The quick log as the core expects it, with `party` as the only participant. */
export function quickLogInput(log: QuickLog, party: Party): InteractionInput {
  const at = log.at.trim();
  return {
    occurred_at: at === "" ? null : at.length === 16 ? `${at}:00` : at,
    channel: log.channel,
    direction: log.direction,
    summary: log.summary.trim(),
    awaiting_reply: log.direction === "inbound" && log.awaiting,
    amplified: false,
    campaign_id: null,
    post_id: null,
    event_id: null,
    participants: [{ party, role: "" }],
    answers: null,
  };
}

/** What a person's or an organisation's page is given. */
export type PageProps<T> = {
  id: number;
  /** Today in the library's time zone ("YYYY-MM-DD"). */
  today: string;
  onback: () => void;
  /** Opens another person's or organisation's page. */
  onopen: (party: Party) => void;
  /** The record was edited (the lists may show it differently). */
  onsaved: (value: T) => void;
};

export function sameParty(a: Party, b: Party): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/** How two-way a relationship has been: who has written, and whether one side writes far more (twice as often). */
export type Balance = "none" | "onlyUs" | "onlyThem" | "mostlyUs" | "mostlyThem" | "balanced";

export function balance({ ours, theirs }: { ours: number; theirs: number }): Balance {
  if (ours === 0 && theirs === 0) return "none";
  if (theirs === 0) return "onlyUs";
  if (ours === 0) return "onlyThem";
  if (ours >= 2 * theirs) return "mostlyUs";
  if (theirs >= 2 * ours) return "mostlyThem";
  return "balanced";
}
