// People & partners in words: cadences, field messages, consent scopes and dates, in the interface language.
import type { Cadence } from "$lib/bindings/Cadence";
import type { ErasureReport } from "$lib/bindings/ErasureReport";
import type { Scope } from "$lib/bindings/Scope";
import { currentLanguage, t } from "$lib/i18n/index.svelte";
import { formatDay } from "$lib/planning";
import { cadenceValid, contactProblem, daysInUnits, type ContactRow } from "./model";

function every(days: number): string {
  const { count, unit } = daysInUnits(days);
  return count === 1 ? t(`people.cadence.every.${unit}`) : t(`people.cadence.every.${unit}s`, { count });
}

function span(days: number): string {
  const { count, unit } = daysInUnits(days);
  return count === 1 ? t(`people.cadence.span.${unit}`) : t(`people.cadence.span.${unit}s`, { count });
}

/** The rhythm of contact in words, e.g. "Ideally every month, never more than 2 months without news." */
export function cadenceText(cadence: Cadence): string {
  const { ideal_days: ideal, max_days: max } = cadence;
  if (!cadenceValid(cadence)) return t("people.cadence.invalid");
  if (ideal !== null && max !== null) return t("people.cadence.both", { ideal: every(ideal), max: span(max) });
  if (ideal !== null) return t("people.cadence.ideal", { ideal: every(ideal) });
  if (max !== null) return t("people.cadence.max", { max: span(max) });
  return t("people.cadence.none");
}

/** What to fix in a contact row the core (or the form) refused. */
export function contactMessage(row: ContactRow | undefined): string {
  if (!row) return t("people.field.contact.empty");
  const problem = contactProblem(row) ?? (row.kind === "handle" ? "handle" : row.kind);
  return t(`people.field.contact.${problem}`);
}

/** The message for a field the core (or the form) refused, other than a contact row. */
export function fieldText(field: string): string {
  if (field === "name") return t("people.field.name");
  if (field === "birth_year") return t("people.field.birthYear");
  if (field === "tags") return t("people.field.tags");
  if (field === "cadence") return t("people.field.cadence");
  if (/^affiliations\[\d+\]\.organisation_id$/.test(field)) return t("people.field.organisation");
  if (/^affiliations\[\d+\]\.to$/.test(field)) return t("people.field.affiliationTo");
  return t("error.invalid_input");
}

/** Where a consent applies, e.g. "Instagram, Facebook, website, print". */
export function scopeText(scope: Scope): string {
  return [
    ...scope.networks.map((n) => t(`network.${n}`)),
    ...(scope.website ? [t("people.consent.website")] : []),
    ...(scope.print ? [t("people.consent.print")] : []),
  ].join(", ");
}

/** A "YYYY-MM-DD" day with its year, e.g. "6 March 2026". */
export function day(value: string): string {
  return formatDay(value, true);
}

/** A local "YYYY-MM-DDTHH:MM:SS" written for people with its year, e.g. "2 Mar 2026, 10:00". */
export function when(local: string): string {
  const [date, time = "00:00"] = local.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d, hh, mm)),
  );
}

/** When a role was held, e.g. "since 1 September 2020" or "1 September 2020 – 30 June 2023"; "" when unknown. */
export function period(from: string | null, to: string | null): string {
  if (from && to) return t("people.period.both", { from: day(from), to: day(to) });
  if (from) return t("people.period.since", { from: day(from) });
  if (to) return t("people.period.until", { to: day(to) });
  return "";
}

export function erasureText(report: ErasureReport): string {
  return t("people.erase.done", {
    interactions: report.interactions_deleted,
    mentions: report.mentions_replaced,
  });
}
