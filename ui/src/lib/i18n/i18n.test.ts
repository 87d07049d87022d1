// The dictionaries stay complete and consistent, and `t` follows the current language.
import { afterEach, describe, expect, it } from "vitest";
import { dictionaries, setLanguage, t } from "./index.svelte";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  const languages = Object.keys(dictionaries) as (keyof typeof dictionaries)[];

  it("covers Italian and English", () => {
    expect(languages.sort()).toEqual(["en", "it"]);
  });

  for (const from of languages) {
    for (const to of languages.filter((l) => l !== from)) {
      it(`has every ${from} key in ${to}`, () => {
        const missing = Object.keys(dictionaries[from]).filter((key) => !(key in dictionaries[to]));
        expect(missing).toEqual([]);
      });
    }
  }

  for (const language of languages) {
    it(`has no empty ${language} text`, () => {
      const empty = Object.entries(dictionaries[language]).filter(([, text]) => text.trim() === "");
      expect(empty).toEqual([]);
    });
  }

  it("uses the same placeholders in both languages", () => {
    const mismatched = Object.keys(dictionaries.en).filter(
      (key) =>
        placeholders(dictionaries.en[key as keyof typeof dictionaries.en]).join() !==
        placeholders(dictionaries.it[key as keyof typeof dictionaries.it]).join(),
    );
    expect(mismatched).toEqual([]);
  });
});

describe("t", () => {
  afterEach(() => setLanguage("en"));

  it("fills placeholders in the current language and sets <html lang>", () => {
    expect(t("today.date", { date: "Monday" })).toBe("Today is Monday.");
    setLanguage("it");
    expect(t("today.date", { date: "lunedì" })).toBe("Oggi è lunedì.");
    expect(document.documentElement.lang).toBe("it");
  });
});
