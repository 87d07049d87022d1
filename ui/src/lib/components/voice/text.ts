// Small text helpers for the voice-guide forms: "one per line" and "comma-separated" lists, rows of word
// pairs, and quoted, language-aware lists for the readable summaries.
import { currentLanguage, t } from "$lib/i18n/index.svelte";

/** The non-empty, trimmed lines of a textarea. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** A list written one per line. */
export function toLines(list: readonly string[]): string {
  return list.join("\n");
}

/** The non-empty, trimmed items of a comma-separated line. */
export function commaList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** One row of an "instead of → write" list. */
export type PairRow = { key: number; from: string; to: string };

let nextPairKey = 1;

export function pairRow(from = "", to = ""): PairRow {
  return { key: nextPairKey++, from, to };
}

/** The rows of a word map, in the map's order. */
export function mapToPairs(map: { [key: string]: string | undefined }): PairRow[] {
  return Object.entries(map).map(([from, to]) => pairRow(from, to ?? ""));
}

/** The map the rows describe; rows without an "instead of" word are left out (the last of a repeated word wins). */
export function pairsToMap(rows: readonly PairRow[]): { [key: string]: string } {
  const map: { [key: string]: string } = {};
  for (const row of rows) {
    const from = row.from.trim();
    if (from !== "") map[from] = row.to.trim();
  }
  return map;
}

/** A word or phrase in the language's quotation marks: «…» in Italian, “…” in English. */
export function quote(text: string): string {
  return t("voice.quote", { text });
}

/**
 * A list in words ("a, b and c" / "a, b e c"); past `max` items the rest are counted ("a, b, c and 4 more").
 * `type` "disjunction" joins with "or".
 */
export function listOf(
  items: readonly string[],
  type: "conjunction" | "disjunction" = "conjunction",
  max = 4,
): string {
  const shown =
    items.length > max ? [...items.slice(0, max - 1), t("voice.summary.more", { count: items.length - (max - 1) })] : [...items];
  try {
    // UK English: no comma before "and".
    const locale = currentLanguage() === "en" ? "en-GB" : currentLanguage();
    return new Intl.ListFormat(locale, { style: "long", type }).format(shown);
  } catch {
    return shown.join(", ");
  }
}

/** Quoted words as a list in words. */
export function quotedList(items: readonly string[], type: "conjunction" | "disjunction" = "conjunction", max = 4): string {
  return listOf(items.map(quote), type, max);
}

/** The text with its first letter in capitals. */
export function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase(currentLanguage()) + text.slice(1);
}
