// What the contacts import dialog reasons about: the fields a column can hold (as one select value each),
// and how a finished or refused import is summed up.
import type { ColumnField } from "$lib/bindings/ColumnField";
import type { ContactsImport } from "$lib/bindings/ContactsImport";
import type { Network } from "$lib/bindings/Network";

const PLAIN = [
  "ignore",
  "name",
  "given_name",
  "middle_name",
  "family_name",
  "email",
  "phone",
  "website",
  "organisation",
  "role",
  "notes",
  "tags",
  "birthday",
] as const;

const NETWORKS: Network[] = ["mastodon", "bluesky", "instagram", "facebook", "threads", "linkedin", "youtube", "tiktok", "x"];

/** A choice of the mapping select, as its value: `email`, `handle:mastodon`, … */
export type FieldChoice = (typeof PLAIN)[number] | `handle:${Network}`;

/** Every choice of the mapping select. */
export const FIELD_CHOICES: FieldChoice[] = [...PLAIN, ...NETWORKS.map((n): FieldChoice => `handle:${n}`)];

/** The programs whose exports Agora recognises, by the code the preview gives. */
export const SOURCES = ["google", "outlook", "agora"] as const;

/** The i18n key naming the program a table comes from, when it is one Agora knows. */
export function sourceKey(source: string | null): `contacts.source.${(typeof SOURCES)[number]}` | null {
  const known = SOURCES.find((s) => s === source);
  return known ? `contacts.source.${known}` : null;
}

/** The select value of a column's field. */
export function fieldValue(field: ColumnField): FieldChoice {
  return field.field === "handle" ? `handle:${field.network}` : field.field;
}

/** The field of a select value. */
export function fieldOf(value: string): ColumnField {
  if (value.startsWith("handle:")) return { field: "handle", network: value.slice("handle:".length) as Network };
  return { field: value as Exclude<ColumnField["field"], "handle"> } as ColumnField;
}

/** Whether a mapping says where the names are (a full name, or a first or last name). */
export function namesSomeone(mapping: ColumnField[]): boolean {
  return mapping.some((f) => f.field === "name" || f.field === "given_name" || f.field === "family_name");
}

/** The i18n key and values summing up an import. */
export function importSummary(report: ContactsImport): {
  key: "contacts.refused" | "contacts.refusedOne" | "contacts.done";
  values: Record<string, number>;
} {
  const values = {
    imported: report.imported,
    organisations: report.organisations_created,
    known: report.already_known_total,
    skipped: report.problems_total,
  };
  if (!report.committed) return { key: report.problems_total === 1 ? "contacts.refusedOne" : "contacts.refused", values };
  return { key: "contacts.done", values };
}

/** The share of the import done, 0 to 100. */
export function percent(done: number, total: number): number {
  return total === 0 ? 100 : Math.min(100, Math.round((done / total) * 100));
}
