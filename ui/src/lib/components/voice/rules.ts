// Rules of the voice guide for people who are not programmers: the kinds and their choices, a form state
// that holds every kind's fields (so switching kind loses nothing), conversion between that state and a
// `Rule`, the checks the form makes before saving, an id suggested from the message, and a summary in
// words of what a rule checks and where it applies.
import type { CaseCheck } from "$lib/bindings/CaseCheck";
import type { Condition } from "$lib/bindings/Condition";
import type { Countable } from "$lib/bindings/Countable";
import type { Fact } from "$lib/bindings/Fact";
import type { Language } from "$lib/bindings/Language";
import type { Level } from "$lib/bindings/Level";
import type { Network } from "$lib/bindings/Network";
import type { Rule } from "$lib/bindings/Rule";
import { NETWORKS } from "$lib/catalog";
import { t, type MessageKey } from "$lib/i18n/index.svelte";
import { capitalise, commaList, lines, listOf, mapToPairs, pairRow, pairsToMap, quote, quotedList, toLines, type PairRow } from "./text";

export type RuleKind = Rule["kind"];

const kinds: Record<RuleKind, null> = {
  forbid: null,
  prefer: null,
  count: null,
  repeat: null,
  consistent: null,
  requires: null,
  case: null,
  readability: null,
};
const levels: Record<Level, null> = { suggestion: null, warning: null, error: null };
const countables: Record<Countable, null> = { hashtags: null, exclamations: null, emoji: null, mentions: null, links: null };
const caseChecks: Record<CaseCheck, null> = { all_caps: null, hashtag_camel_case: null };
const facts: Record<Fact, null> = {
  event: null,
  date: null,
  time: null,
  place: null,
  audience: null,
  price: null,
  booking: null,
  link: null,
  image: null,
  alt_text: null,
  question: null,
  hashtag: null,
  signature: null,
};

/** The kinds of rule, in the order the editor lists them. */
export const RULE_KINDS = Object.keys(kinds) as RuleKind[];
/** From the mildest to the most serious. */
export const LEVELS = Object.keys(levels) as Level[];
export const COUNTABLES = Object.keys(countables) as Countable[];
export const CASE_CHECKS = Object.keys(caseChecks) as CaseCheck[];
export const FACTS = Object.keys(facts) as Fact[];

/** What the rule form edits: every kind's fields at once, as the inputs hold them (text, not numbers). */
export type RuleForm = {
  kind: RuleKind;
  id: string;
  level: Level;
  message: string;
  explanation: string;
  link: string;
  /** Empty for posts in any language. */
  lang: Language | "";
  allNetworks: boolean;
  networks: Network[];
  /** One example per line. */
  good: string;
  bad: string;
  // forbid (one per line)
  terms: string;
  patterns: string;
  except: string;
  // prefer
  replace: PairRow[];
  // count
  what: Countable;
  min: string;
  max: string;
  // repeat
  within: string;
  minLength: string;
  ignore: string;
  // consistent: one group per line, its words separated by commas
  groups: string;
  // requires
  whenType: "fact" | "terms";
  whenFact: Fact;
  /** Comma-separated words. */
  whenTerms: string;
  needsFacts: Fact[];
  /** One condition per line, its words separated by commas. */
  needsTerms: string;
  // case
  check: CaseCheck;
  allow: string;
  // readability
  minGulpease: string;
  minFlesch: string;
};

/** The fields the form can point an error at. */
export type RuleField =
  | "id"
  | "message"
  | "link"
  | "networks"
  | "terms"
  | "patterns"
  | "replace"
  | "count"
  | "repeat"
  | "groups"
  | "when"
  | "needs"
  | "readability";

export type RuleFormErrors = Partial<Record<RuleField, MessageKey>>;

/** A blank form for a new rule. */
export function newRuleForm(kind: RuleKind = "forbid"): RuleForm {
  return {
    kind,
    id: "",
    level: "warning",
    message: "",
    explanation: "",
    link: "",
    lang: "",
    allNetworks: true,
    networks: [],
    good: "",
    bad: "",
    terms: "",
    patterns: "",
    except: "",
    replace: [pairRow()],
    what: "hashtags",
    min: "",
    max: "",
    within: "8",
    minLength: "4",
    ignore: "",
    groups: "",
    whenType: "fact",
    whenFact: "event",
    whenTerms: "",
    needsFacts: [],
    needsTerms: "",
    check: "all_caps",
    allow: "",
    minGulpease: "",
    minFlesch: "",
  };
}

const numberText = (value: number | null) => (value === null ? "" : String(value));

/** The form showing a stored rule. */
export function ruleToForm(rule: Rule): RuleForm {
  const form: RuleForm = {
    ...newRuleForm(rule.kind),
    id: rule.id,
    level: rule.level,
    message: rule.message,
    explanation: rule.explanation,
    link: rule.link ?? "",
    lang: rule.lang ?? "",
    allNetworks: rule.networks.length === 0,
    networks: [...rule.networks],
    good: toLines(rule.good),
    bad: toLines(rule.bad),
  };
  switch (rule.kind) {
    case "forbid":
      return { ...form, terms: toLines(rule.terms), patterns: toLines(rule.patterns), except: toLines(rule.except) };
    case "prefer": {
      const rows = mapToPairs(rule.replace);
      return { ...form, replace: rows.length > 0 ? rows : [pairRow()] };
    }
    case "count":
      return { ...form, what: rule.what, min: numberText(rule.min), max: numberText(rule.max) };
    case "repeat":
      return { ...form, within: String(rule.within), minLength: String(rule.min_length), ignore: toLines(rule.ignore) };
    case "consistent":
      return { ...form, groups: rule.groups.map((group) => group.join(", ")).join("\n") };
    case "requires": {
      const when =
        typeof rule.when === "string"
          ? { whenType: "fact" as const, whenFact: rule.when }
          : { whenType: "terms" as const, whenTerms: rule.when.terms.join(", ") };
      return {
        ...form,
        ...when,
        needsFacts: rule.needs.filter((c): c is Fact => typeof c === "string"),
        needsTerms: rule.needs
          .filter((c): c is { terms: string[] } => typeof c !== "string")
          .map((c) => c.terms.join(", "))
          .join("\n"),
      };
    }
    case "case":
      return { ...form, check: rule.check, allow: toLines(rule.allow) };
    case "readability":
      return { ...form, minGulpease: numberText(rule.min_gulpease), minFlesch: numberText(rule.min_flesch) };
  }
}

/** A whole number ≥ `min` typed in a box; null when the box is empty, NaN when it is not a whole number. */
function wholeNumber(text: string, min = 0): number | null {
  const value = text.trim();
  if (value === "") return null;
  return /^\d+$/.test(value) && Number(value) >= min ? Number(value) : Number.NaN;
}

/** A score from 0 to 100 (a decimal comma is fine); null when empty, NaN when not a score. */
function score(text: string): number | null {
  const value = text.trim().replace(",", ".");
  if (value === "") return null;
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  return number >= 0 && number <= 100 ? number : Number.NaN;
}

/** The rule the form describes (numbers that are not numbers become null: validate first). */
export function formToRule(form: RuleForm): Rule {
  const base = {
    id: form.id.trim(),
    level: form.level,
    message: form.message.trim(),
    explanation: form.explanation.trim(),
    link: form.link.trim() === "" ? null : form.link.trim(),
    lang: form.lang === "" ? null : form.lang,
    networks: form.allNetworks ? [] : NETWORKS.filter((n) => form.networks.includes(n)),
    good: lines(form.good),
    bad: lines(form.bad),
  };
  const orNull = (value: number | null) => (value === null || Number.isNaN(value) ? null : value);
  switch (form.kind) {
    case "forbid":
      return { ...base, kind: "forbid", terms: lines(form.terms), patterns: lines(form.patterns), except: lines(form.except) };
    case "prefer":
      return { ...base, kind: "prefer", replace: pairsToMap(form.replace) };
    case "count":
      return { ...base, kind: "count", what: form.what, min: orNull(wholeNumber(form.min)), max: orNull(wholeNumber(form.max)) };
    case "repeat":
      return {
        ...base,
        kind: "repeat",
        within: orNull(wholeNumber(form.within, 1)) ?? 8,
        min_length: orNull(wholeNumber(form.minLength)) ?? 4,
        ignore: lines(form.ignore),
      };
    case "consistent":
      return {
        ...base,
        kind: "consistent",
        groups: lines(form.groups)
          .map(commaList)
          .filter((group) => group.length > 0),
      };
    case "requires": {
      const when: Condition = form.whenType === "fact" ? form.whenFact : { terms: commaList(form.whenTerms) };
      const needs: Condition[] = [
        ...FACTS.filter((f) => form.needsFacts.includes(f)),
        ...lines(form.needsTerms)
          .map(commaList)
          .filter((terms) => terms.length > 0)
          .map((terms) => ({ terms })),
      ];
      return { ...base, kind: "requires", when, needs };
    }
    case "case":
      return { ...base, kind: "case", check: form.check, allow: lines(form.allow) };
    case "readability":
      return { ...base, kind: "readability", min_gulpease: orNull(score(form.minGulpease)), min_flesch: orNull(score(form.minFlesch)) };
  }
}

/** The characters an id may use (the core's rule). */
export const ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/** What the form can tell before asking the core: each problem as a message key, by field. */
export function validateRuleForm(form: RuleForm, otherIds: readonly string[]): RuleFormErrors {
  const errors: RuleFormErrors = {};
  const id = form.id.trim();
  if (!ID_PATTERN.test(id)) errors.id = "voice.rule.err.id";
  else if (otherIds.includes(id)) errors.id = "voice.rule.err.idTaken";
  if (form.message.trim() === "") errors.message = "voice.rule.err.message";
  if (!form.allNetworks && form.networks.length === 0) errors.networks = "voice.rule.err.networks";
  switch (form.kind) {
    case "forbid":
      if (lines(form.terms).length === 0 && lines(form.patterns).length === 0) errors.terms = "voice.rule.err.terms";
      break;
    case "prefer":
      if (Object.keys(pairsToMap(form.replace)).length === 0) errors.replace = "voice.rule.err.replace";
      break;
    case "count": {
      const [min, max] = [wholeNumber(form.min), wholeNumber(form.max)];
      const bad = Number.isNaN(min) || Number.isNaN(max) || (min === null && max === null);
      if (bad || (min !== null && max !== null && min > max)) errors.count = "voice.rule.err.count";
      break;
    }
    case "repeat": {
      const [within, length] = [wholeNumber(form.within, 1), wholeNumber(form.minLength)];
      if (within === null || Number.isNaN(within) || length === null || Number.isNaN(length)) {
        errors.repeat = "voice.rule.err.repeat";
      }
      break;
    }
    case "consistent":
      if (lines(form.groups).map(commaList).filter((g) => g.length > 0).length < 2) errors.groups = "voice.rule.err.groups";
      break;
    case "requires":
      if (form.whenType === "terms" && commaList(form.whenTerms).length === 0) errors.when = "voice.rule.err.when";
      if (form.needsFacts.length === 0 && lines(form.needsTerms).map(commaList).every((g) => g.length === 0)) {
        errors.needs = "voice.rule.err.needs";
      }
      break;
    case "case":
      break;
    case "readability": {
      const [gulpease, flesch] = [score(form.minGulpease), score(form.minFlesch)];
      if (Number.isNaN(gulpease) || Number.isNaN(flesch) || (gulpease === null && flesch === null)) {
        errors.readability = "voice.rule.err.readability";
      }
      break;
    }
  }
  return errors;
}

/**
 * The form field a message from the core is about, when it can tell: for `invalid_input` the field it names
 * (e.g. `guide.rules[3].message`), for `guide_invalid` what the reason talks about.
 */
export function fieldOfProblem(text: string): RuleField | null {
  const checks: [RegExp, RuleField][] = [
    [/same id|the id must|\bid$/, "id"],
    [/`message`|\bmessage$/, "message"],
    [/\bpattern "/, "patterns"],
    [/`terms` or `patterns`|terms must not be empty|\bterms$|\bexcept$|\bpatterns$/, "terms"],
    [/`replace`|\breplace$/, "replace"],
    [/`min`|`max`|\bmin$|\bmax$/, "count"],
    [/`within`|\bwithin$|\bmin_length$/, "repeat"],
    [/`groups`|\bgroups$/, "groups"],
    [/`needs`|`terms` condition|\bneeds$/, "needs"],
    [/\bwhen$/, "when"],
    [/min_gulpease|min_flesch/, "readability"],
    [/\bnetworks$/, "networks"],
    [/\blink$/, "link"],
  ];
  return checks.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/**
 * An id for a rule, made from its message: the first sentence's words in lower case without accents,
 * joined by "-" (at most 40 characters), with "-2", "-3"… when another rule already has it.
 */
export function suggestId(message: string, taken: readonly string[] = []): string {
  const first = message.split(/[.!?/;:…]/).find((part) => /[\p{L}\p{N}]/u.test(part)) ?? "";
  const words = first
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let base = "";
  for (const word of words) {
    const next = base === "" ? word : `${base}-${word}`;
    if (next.length > 40) break;
    base = next;
  }
  if (base === "") base = (words[0] ?? "").slice(0, 40) || "rule";
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

function countNoun(what: Countable, count: number): string {
  return t(count === 1 ? `voice.countable.${what}.one` : `voice.countable.${what}.other`);
}

/** The select label of a countable thing, e.g. "Exclamation marks". */
export function countableLabel(what: Countable): string {
  return capitalise(t(`voice.countable.${what}.other`));
}

/** A condition of a `requires` rule in words: "an image", "the words “iscrizione” or “prenotazione”". */
export function conditionText(condition: Condition): string {
  if (typeof condition === "string") return t(`voice.fact.${condition}`);
  const key = condition.terms.length === 1 ? "voice.summary.term" : "voice.summary.terms";
  return t(key, { terms: quotedList(condition.terms, "disjunction") });
}

const score100 = (value: number) => String(Math.round(value * 10) / 10);

/** What a rule checks, in one sentence of the interface language. */
export function ruleSummary(rule: Rule): string {
  switch (rule.kind) {
    case "forbid": {
      const parts: string[] = [];
      if (rule.terms.length > 0) parts.push(t("voice.summary.forbidTerms", { terms: quotedList(rule.terms) }));
      if (rule.patterns.length > 0) {
        const patterns = quotedList(rule.patterns, "disjunction", 3);
        parts.push(t(parts.length > 0 ? "voice.summary.andPatterns" : "voice.summary.forbidPatterns", { patterns }));
      }
      let text = parts.join(", ");
      if (rule.except.length > 0) text += ` ${t("voice.summary.except", { except: quotedList(rule.except, "disjunction", 3) })}`;
      return text;
    }
    case "prefer": {
      const pairs = Object.entries(rule.replace).map(([from, to]) =>
        t("voice.summary.preferPair", { from: quote(from), to: quote(to ?? "") }),
      );
      return t("voice.summary.prefer", { pairs: listOf(pairs, "conjunction", 3) });
    }
    case "count": {
      const { min, max, what } = rule;
      if (min !== null && max !== null) {
        return t("voice.summary.countRange", { min, max, what: countNoun(what, max) });
      }
      if (max !== null) return t("voice.summary.countMax", { max, what: countNoun(what, max) });
      return t("voice.summary.countMin", { min: min ?? 0, what: countNoun(what, min ?? 0) });
    }
    case "repeat": {
      const text = t("voice.summary.repeat", { within: rule.within, minLength: rule.min_length });
      return rule.ignore.length > 0 ? `${text} ${t("voice.summary.apartFrom", { words: quotedList(rule.ignore, "conjunction", 3) })}` : text;
    }
    case "consistent": {
      const groups = rule.groups.map((group) => quote(group.slice(0, 3).join(", ") + (group.length > 3 ? "…" : "")));
      return t("voice.summary.consistent", { groups: listOf(groups, "disjunction", 3) });
    }
    case "requires":
      return t("voice.summary.requires", {
        when: conditionText(rule.when),
        needs: listOf(rule.needs.map(conditionText), "conjunction", 5),
      });
    case "case": {
      if (rule.check === "hashtag_camel_case") return t("voice.summary.hashtagCase");
      const text = t("voice.summary.allCaps");
      return rule.allow.length > 0 ? `${text} ${t("voice.summary.apartFrom", { words: listOf(rule.allow, "conjunction", 5) })}` : text;
    }
    case "readability": {
      const parts: string[] = [];
      if (rule.min_gulpease !== null) parts.push(t("voice.summary.gulpease", { score: score100(rule.min_gulpease) }));
      if (rule.min_flesch !== null) parts.push(t("voice.summary.flesch", { score: score100(rule.min_flesch) }));
      return parts.join("; ");
    }
  }
}

/** Where a rule applies: its language and its networks. */
export function ruleScope(rule: Pick<Rule, "lang" | "networks">): string {
  const lang = rule.lang === null ? t("voice.scope.anyLanguage") : t(`voice.scope.${rule.lang}`);
  const networks =
    rule.networks.length === 0
      ? t("voice.scope.allNetworks")
      : t("voice.scope.networks", { networks: listOf(rule.networks.map((n) => t(`network.${n}`)), "conjunction", 10) });
  return `${lang} · ${networks}`;
}
