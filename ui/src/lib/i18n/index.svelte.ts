// The current interface language (reactive), the translation function and locale-aware formatting.
import type { Language } from "$lib/bindings/Language";
import { en, type MessageKey, type Messages } from "./en";
import { it } from "./it";

export type { MessageKey };

export const dictionaries: Record<Language, Messages> = { en, it };

const state = $state<{ language: Language }>({ language: "en" });

export function currentLanguage(): Language {
  return state.language;
}

/** Switches every visible string and `<html lang>` at once. */
export function setLanguage(language: Language): void {
  state.language = language;
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

/** The text for `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[state.language][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Formats in the given IANA zone, or the computer's when it is omitted or unknown to `Intl`. */
function formatIn(date: Date, options: Intl.DateTimeFormatOptions, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(state.language, { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(state.language, options).format(date);
  }
}

/** A UTC RFC 3339 instant as a date and time. */
export function formatDateTime(iso: string, timeZone?: string): string {
  return formatIn(new Date(iso), { dateStyle: "medium", timeStyle: "short" }, timeZone);
}

/** An event's time span, e.g. "Tuesday 3 March 2026, 17:00 – 18:30" (one instant when `to` is not later). */
export function formatDateTimeSpan(from: string, to: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "full", timeStyle: "short" };
  const [start, end] = [new Date(from), new Date(to)];
  if (!(end > start)) return formatIn(start, options, timeZone);
  try {
    return new Intl.DateTimeFormat(state.language, { ...options, timeZone }).formatRange(start, end);
  } catch {
    return new Intl.DateTimeFormat(state.language, options).formatRange(start, end);
  }
}

/** A day written out in full, e.g. "Tuesday 3 March 2026". */
export function formatLongDate(date: Date, timeZone?: string): string {
  return formatIn(date, { dateStyle: "full" }, timeZone);
}

/** A file size in the current language's number format. */
export function formatBytes(bytes: number): string {
  const number = (value: number) =>
    new Intl.NumberFormat(state.language, { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return t("units.bytes", { value: number(bytes) });
  if (bytes < 1024 * 1024) return t("units.kilobytes", { value: number(bytes / 1024) });
  return t("units.megabytes", { value: number(bytes / (1024 * 1024)) });
}
