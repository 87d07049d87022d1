// The guide helpers: built-in settings (absent means on at the default level), where a file error is,
// inserting a placeholder at the cursor, the failed examples, and the text helpers behind the forms.
import { describe, expect, it } from "vitest";
import type { VoiceGuide } from "$lib/bindings/VoiceGuide";
import {
  BUILTIN_CHECKS,
  builtinExtras,
  builtinSetting,
  cloneGuide,
  defaultLevel,
  failedExamples,
  insertText,
  offsetOf,
  parseGuideProblem,
  withBuiltin,
} from "./guide";
import { commaList, lines, mapToPairs, pairsToMap } from "./text";

function guide(): VoiceGuide {
  return {
    format: 1,
    identity: { library: "Biblioteca", signature: "", languages: ["it"], handles: {} },
    tone: [],
    terminology: [],
    rules: [],
    builtin: {
      "a11y.all_caps": { enabled: false, level: null, phrases: [], alternatives: {} },
      jargon: { enabled: true, level: null, phrases: [], alternatives: { "catalogo OPAC": "catalogo online" } },
    },
    templates: [],
  };
}

describe("built-in checks", () => {
  it("lists all ten with their default levels", () => {
    expect(BUILTIN_CHECKS).toHaveLength(10);
    expect(defaultLevel("a11y.alt_text")).toBe("error");
    expect(defaultLevel("dialogue.broadcast")).toBe("warning");
    expect(defaultLevel("a11y.emoji")).toBe("suggestion");
    expect(builtinExtras("jargon")).toBe("alternatives");
    expect(builtinExtras("a11y.all_caps")).toBe("phrases");
    expect(builtinExtras("a11y.emoji")).toBeNull();
  });

  it("reads an absent check as on at its default level", () => {
    expect(builtinSetting(guide(), "a11y.emoji")).toEqual({ enabled: true, level: null, phrases: [], alternatives: {} });
    expect(builtinSetting(guide(), "a11y.all_caps").enabled).toBe(false);
  });

  it("writes a changed check and leaves out one back at its defaults", () => {
    const off = withBuiltin(guide(), "a11y.emoji", { ...builtinSetting(guide(), "a11y.emoji"), enabled: false });
    expect(off.builtin["a11y.emoji"]).toEqual({ enabled: false, level: null, phrases: [], alternatives: {} });
    const on = withBuiltin(guide(), "a11y.all_caps", { ...builtinSetting(guide(), "a11y.all_caps"), enabled: true });
    expect("a11y.all_caps" in on.builtin).toBe(false);
    const level = withBuiltin(guide(), "jargon", { ...builtinSetting(guide(), "jargon"), level: "suggestion" });
    expect(level.builtin.jargon).toEqual({ enabled: true, level: null, phrases: [], alternatives: { "catalogo OPAC": "catalogo online" } });
    const raised = withBuiltin(guide(), "jargon", { ...builtinSetting(guide(), "jargon"), level: "error" });
    expect(raised.builtin.jargon?.level).toBe("error");
  });

  it("never changes the guide it was given", () => {
    const original = guide();
    const copy = cloneGuide(original);
    withBuiltin(original, "a11y.emoji", { enabled: false, level: null, phrases: [], alternatives: {} });
    expect(original).toEqual(copy);
  });
});

describe("parseGuideProblem", () => {
  it("reads file, line, column, rule and reason", () => {
    expect(parseGuideProblem('voice guide:12:3: rule "no-x": pattern "(" is not a valid regular expression: unclosed')).toEqual({
      source: "voice guide",
      line: 12,
      column: 3,
      rule: "no-x",
      reason: 'pattern "(" is not a valid regular expression: unclosed',
    });
    expect(parseGuideProblem("C:\\Users\\bib\\guida.toml:2:10: expected a value")).toEqual({
      source: "C:\\Users\\bib\\guida.toml",
      line: 2,
      column: 10,
      rule: null,
      reason: "expected a value",
    });
    expect(parseGuideProblem("database error: locked")).toBeNull();
  });

  it("finds the offset of a line and column", () => {
    const text = "a = 1\nbb = 2\nccc";
    expect(offsetOf(text, 1, 1)).toBe(0);
    expect(offsetOf(text, 2, 3)).toBe(8);
    expect(offsetOf(text, 3, 99)).toBe(text.length);
    expect(offsetOf(text, 99, 1)).toBe(13);
  });
});

describe("insertText", () => {
  it("replaces the selection and puts the cursor after the insert", () => {
    expect(insertText("Ciao !", 5, 5, "{signature}")).toEqual({ text: "Ciao {signature}!", cursor: 16 });
    expect(insertText("Titolo: XXX", 8, 11, "{event.title}")).toEqual({ text: "Titolo: {event.title}", cursor: 21 });
  });
});

describe("failedExamples", () => {
  it("keeps bad examples not caught and good ones caught", () => {
    const outcomes = [
      { rule: "a", example: "bad caught", bad: true, triggered: true },
      { rule: "a", example: "bad missed", bad: true, triggered: false },
      { rule: "b", example: "good fine", bad: false, triggered: false },
      { rule: "b", example: "good flagged", bad: false, triggered: true },
    ];
    expect(failedExamples(outcomes).map((o) => o.example)).toEqual(["bad missed", "good flagged"]);
  });
});

describe("text helpers", () => {
  it("splits lines and comma lists", () => {
    expect(lines(" a \r\n\n b\n")).toEqual(["a", "b"]);
    expect(commaList("tu, ti ,, tuo ")).toEqual(["tu", "ti", "tuo"]);
  });

  it("turns word maps into rows and back", () => {
    const rows = mapToPairs({ utenti: "lettori", OPAC: "" });
    expect(rows.map(({ from, to }) => [from, to])).toEqual([
      ["utenti", "lettori"],
      ["OPAC", ""],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
    expect(pairsToMap([...rows, { key: 0, from: " ", to: "x" }])).toEqual({ utenti: "lettori", OPAC: "" });
  });
});
