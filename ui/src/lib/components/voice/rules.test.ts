// The rule helpers: form state ↔ Rule for every kind, the form's own checks, the id suggested from the
// message, which field a core message is about, and the summary of a rule in words (English and Italian).
import { afterEach, describe, expect, it } from "vitest";
import type { Rule } from "$lib/bindings/Rule";
import { setLanguage } from "$lib/i18n/index.svelte";
import {
  fieldOfProblem,
  formToRule,
  newRuleForm,
  RULE_KINDS,
  ruleScope,
  ruleSummary,
  ruleToForm,
  suggestId,
  validateRuleForm,
} from "./rules";

const common = {
  level: "suggestion" as const,
  message: "A message.",
  explanation: "Why.",
  link: "https://example.org/why",
  lang: "it" as const,
  networks: ["x" as const, "mastodon" as const],
  good: ["A fine text."],
  bad: ["A bad text.", "Another bad one."],
};

/** One rule of each kind, as the core stores it (needs: facts first, then words, as the form writes them). */
const samples: Rule[] = [
  { ...common, id: "niente-clickbait", kind: "forbid", terms: ["imperdibile", "incredibile"], patterns: ["!{2,}"], except: ["incredibile ma vero"] },
  { ...common, id: "lettori", kind: "prefer", replace: { utenti: "lettori", utente: "lettore" } },
  { ...common, id: "hashtag-misura", kind: "count", what: "hashtags", min: null, max: 3 },
  { ...common, id: "ripetizioni", kind: "repeat", within: 8, min_length: 5, ignore: ["biblioteca"] },
  { ...common, id: "registro", kind: "consistent", groups: [["tu", "ti", "tuo"], ["voi", "vi", "vostro"]] },
  { ...common, id: "evento", kind: "requires", when: "event", needs: ["date", "place", { terms: ["prenota", "iscriviti"] }] },
  { ...common, id: "iscrizioni", kind: "requires", when: { terms: ["laboratorio", "corso"] }, needs: ["booking"] },
  { ...common, id: "maiuscolo", kind: "case", check: "all_caps", allow: ["MLOL", "OPAC"] },
  { ...common, id: "leggibilita", kind: "readability", min_gulpease: 60, min_flesch: null },
  { ...common, id: "both-scores", kind: "readability", min_gulpease: 55.5, min_flesch: 60 },
];

function rule(id: string): Rule {
  const found = samples.find((r) => r.id === id);
  if (!found) throw new Error(id);
  return found;
}

afterEach(() => setLanguage("en"));

describe("form ↔ rule", () => {
  for (const sample of samples) {
    it(`round-trips a ${sample.kind} rule (${sample.id})`, () => {
      expect(formToRule(ruleToForm(sample))).toEqual(sample);
    });
  }

  it("covers every kind", () => {
    expect(new Set(samples.map((r) => r.kind))).toEqual(new Set(RULE_KINDS));
  });

  it("builds a forbid rule from lines, ignoring blank lines and spaces", () => {
    const form = {
      ...newRuleForm("forbid"),
      id: " no-hype ",
      message: " No advertising superlatives. ",
      terms: "unmissable\n\n  amazing event  \n",
      bad: "An unmissable talk!\n",
    };
    expect(formToRule(form)).toEqual({
      id: "no-hype",
      level: "warning",
      message: "No advertising superlatives.",
      explanation: "",
      link: null,
      lang: null,
      networks: [],
      good: [],
      bad: ["An unmissable talk!"],
      kind: "forbid",
      terms: ["unmissable", "amazing event"],
      patterns: [],
      except: [],
    });
  });

  it("keeps the fields of other kinds while the kind changes", () => {
    const form = { ...newRuleForm("forbid"), terms: "imperdibile" };
    form.kind = "count";
    form.kind = "forbid";
    expect(formToRule(form)).toMatchObject({ kind: "forbid", terms: ["imperdibile"] });
  });

  it("writes networks in the catalogue's order and none when all are chosen", () => {
    const some = { ...newRuleForm(), allNetworks: false, networks: ["bluesky" as const, "x" as const] };
    expect(formToRule(some).networks).toEqual(["x", "bluesky"]);
    expect(formToRule({ ...some, allNetworks: true }).networks).toEqual([]);
  });

  it("reads replacements from rows and skips rows without a word to replace", () => {
    const form = ruleToForm(rule("lettori"));
    form.replace.push({ key: 999, from: "  ", to: "x" });
    expect(formToRule(form)).toMatchObject({ replace: { utenti: "lettori", utente: "lettore" } });
  });

  it("accepts a decimal comma in readability scores", () => {
    const form = { ...newRuleForm("readability"), minGulpease: "55,5" };
    expect(formToRule(form)).toMatchObject({ min_gulpease: 55.5, min_flesch: null });
  });

  it("shows a stored rule's groups and word conditions as comma-separated lines", () => {
    expect(ruleToForm(rule("registro")).groups).toBe("tu, ti, tuo\nvoi, vi, vostro");
    const requires = ruleToForm(rule("evento"));
    expect(requires.needsFacts).toEqual(["date", "place"]);
    expect(requires.needsTerms).toBe("prenota, iscriviti");
    expect(ruleToForm(rule("iscrizioni"))).toMatchObject({ whenType: "terms", whenTerms: "laboratorio, corso" });
  });
});

describe("validateRuleForm", () => {
  const valid = { ...newRuleForm("forbid"), id: "r", message: "m", terms: "x" };

  it("accepts a complete rule", () => {
    expect(validateRuleForm(valid, [])).toEqual({});
  });

  it("asks for a usable, unique id and a message", () => {
    expect(validateRuleForm({ ...valid, id: "no spaces" }, [])).toEqual({ id: "voice.rule.err.id" });
    expect(validateRuleForm({ ...valid, id: "" }, [])).toEqual({ id: "voice.rule.err.id" });
    expect(validateRuleForm(valid, ["r"])).toEqual({ id: "voice.rule.err.idTaken" });
    expect(validateRuleForm({ ...valid, message: "  " }, [])).toEqual({ message: "voice.rule.err.message" });
  });

  it("checks each kind's own fields", () => {
    const base = { ...valid, terms: "" };
    expect(validateRuleForm(base, [])).toEqual({ terms: "voice.rule.err.terms" });
    expect(validateRuleForm({ ...base, patterns: "!{2,}" }, [])).toEqual({});
    expect(validateRuleForm({ ...base, kind: "prefer" }, [])).toEqual({ replace: "voice.rule.err.replace" });
    expect(validateRuleForm({ ...base, kind: "count" }, [])).toEqual({ count: "voice.rule.err.count" });
    expect(validateRuleForm({ ...base, kind: "count", min: "4", max: "2" }, [])).toEqual({ count: "voice.rule.err.count" });
    expect(validateRuleForm({ ...base, kind: "count", max: "2.5" }, [])).toEqual({ count: "voice.rule.err.count" });
    expect(validateRuleForm({ ...base, kind: "count", max: "0" }, [])).toEqual({});
    expect(validateRuleForm({ ...base, kind: "repeat", within: "0" }, [])).toEqual({ repeat: "voice.rule.err.repeat" });
    expect(validateRuleForm({ ...base, kind: "consistent", groups: "tu, ti" }, [])).toEqual({ groups: "voice.rule.err.groups" });
    expect(validateRuleForm({ ...base, kind: "consistent", groups: "tu, ti\nvoi" }, [])).toEqual({});
    expect(validateRuleForm({ ...base, kind: "requires" }, [])).toEqual({ needs: "voice.rule.err.needs" });
    expect(validateRuleForm({ ...base, kind: "requires", whenType: "terms", needsFacts: ["date"] }, [])).toEqual({
      when: "voice.rule.err.when",
    });
    expect(validateRuleForm({ ...base, kind: "readability" }, [])).toEqual({ readability: "voice.rule.err.readability" });
    expect(validateRuleForm({ ...base, kind: "readability", minFlesch: "120" }, [])).toEqual({
      readability: "voice.rule.err.readability",
    });
    expect(validateRuleForm({ ...base, kind: "case" }, [])).toEqual({});
  });

  it("asks for a network when only some are chosen", () => {
    expect(validateRuleForm({ ...valid, allNetworks: false }, [])).toEqual({ networks: "voice.rule.err.networks" });
  });
});

describe("suggestId", () => {
  it("makes an id from the message's first sentence, without accents or quotes", () => {
    expect(suggestId("Diciamo «lettori», non «utenti».")).toBe("diciamo-lettori-non-utenti");
    expect(suggestId("Un punto esclamativo basta. / One exclamation mark is enough.")).toBe("un-punto-esclamativo-basta");
    expect(suggestId("Leggibilità: più facile")).toBe("leggibilita");
    expect(suggestId("Tu o voi: scegliete un solo registro")).toBe("tu-o-voi");
  });

  it("keeps ids short, and unique among the given ones", () => {
    const id = suggestId("Questa è una frase davvero molto lunga che non finisce mai e poi mai");
    expect(id.length).toBeLessThanOrEqual(40);
    expect(id).toBe("questa-e-una-frase-davvero-molto-lunga");
    expect(suggestId("No hype", ["no-hype"])).toBe("no-hype-2");
    expect(suggestId("No hype", ["no-hype", "no-hype-2"])).toBe("no-hype-3");
  });

  it("falls back to “rule” when the message has no letters", () => {
    expect(suggestId("!!!")).toBe("rule");
    expect(suggestId("")).toBe("rule");
  });
});

describe("fieldOfProblem", () => {
  it("finds the field a core message is about", () => {
    expect(fieldOfProblem('pattern "(" is not a valid regular expression: unclosed group')).toBe("patterns");
    expect(fieldOfProblem("another rule has the same id")).toBe("id");
    expect(fieldOfProblem("`message` must not be empty")).toBe("message");
    expect(fieldOfProblem("a forbid rule needs `terms` or `patterns`")).toBe("terms");
    expect(fieldOfProblem("`min` (3) is greater than `max` (1)")).toBe("count");
    expect(fieldOfProblem("`groups` needs at least two non-empty lists of words")).toBe("groups");
    expect(fieldOfProblem("a readability rule needs `min_gulpease` or `min_flesch`")).toBe("readability");
    expect(fieldOfProblem("guide.rules[2].message")).toBe("message");
    expect(fieldOfProblem("format 2 is newer than this Agora understands (1)")).toBeNull();
  });
});

describe("ruleSummary", () => {
  it("says what each kind checks, in English", () => {
    expect(ruleSummary(rule("niente-clickbait"))).toBe(
      "Avoid “imperdibile” and “incredibile”, and text matching “!{2,}” (fine in “incredibile ma vero”)",
    );
    expect(ruleSummary(rule("lettori"))).toBe("Prefer “lettori” to “utenti” and “lettore” to “utente”");
    expect(ruleSummary(rule("hashtag-misura"))).toBe("At most 3 hashtags");
    expect(ruleSummary({ ...rule("hashtag-misura"), what: "exclamations", min: null, max: 1 } as Rule)).toBe(
      "At most 1 exclamation mark",
    );
    expect(ruleSummary({ ...rule("hashtag-misura"), what: "links", min: 1, max: null } as Rule)).toBe("At least 1 link");
    expect(ruleSummary({ ...rule("hashtag-misura"), what: "mentions", min: 1, max: 4 } as Rule)).toBe(
      "Between 1 and 4 mentions",
    );
    expect(ruleSummary(rule("ripetizioni"))).toBe(
      "The same word of 5 or more letters again within 8 words (apart from “biblioteca”)",
    );
    expect(ruleSummary(rule("registro"))).toBe("One form per post: “tu, ti, tuo” or “voi, vi, vostro”");
    expect(ruleSummary(rule("evento"))).toBe(
      "Posts with an event must also have a date, a place and the words “prenota” or “iscriviti”",
    );
    expect(ruleSummary(rule("iscrizioni"))).toBe("Posts with the words “laboratorio” or “corso” must also have how to book");
    expect(ruleSummary(rule("maiuscolo"))).toBe("Avoid words in capitals (apart from MLOL and OPAC)");
    expect(ruleSummary({ ...rule("maiuscolo"), check: "hashtag_camel_case", allow: [] } as Rule)).toMatch(/^Write hashtags/);
    expect(ruleSummary(rule("both-scores"))).toBe("Gulpease index at least 55.5; Flesch reading ease at least 60");
  });

  it("counts what is left of a long list", () => {
    const long = { ...rule("niente-clickbait"), terms: ["a", "b", "c", "d", "e", "f"], patterns: [], except: [] } as Rule;
    expect(ruleSummary(long)).toBe("Avoid “a”, “b”, “c” and 3 more");
  });

  it("speaks Italian with «» quotes", () => {
    setLanguage("it");
    expect(ruleSummary(rule("lettori"))).toBe("Preferire «lettori» a «utenti» e «lettore» a «utente»");
    expect(ruleSummary(rule("hashtag-misura"))).toBe("Al massimo 3 hashtag");
    expect(ruleSummary(rule("evento"))).toBe(
      "Un post con un evento deve avere anche una data, un luogo e le parole «prenota» o «iscriviti»",
    );
  });
});

describe("ruleScope", () => {
  it("names the language and the networks", () => {
    expect(ruleScope(rule("hashtag-misura"))).toBe("Posts in Italian · only on X and Mastodon");
    expect(ruleScope({ lang: null, networks: [] })).toBe("Posts in any language · every network");
    setLanguage("it");
    expect(ruleScope({ lang: "en", networks: ["x", "mastodon", "bluesky"] })).toBe("Post in inglese · solo su X, Mastodon e Bluesky");
  });
});
