// The editor's pure helpers: code points against UTF-16 (with emoji), fixes, underline segments, previews,
// the order of findings and the readability bands.
import { describe, expect, it } from "vitest";
import type { Finding } from "$lib/bindings/Finding";
import type { Metrics } from "$lib/bindings/Metrics";
import {
  applyFix,
  codePointLength,
  excerpt,
  highlightSegments,
  previewParts,
  readability,
  replaceRange,
  sliceCodePoints,
  sortFindings,
  toCodePoint,
  toUtf16,
  tokenize,
  utf16Offsets,
} from "./text";

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: "jargon",
    level: "warning",
    message: "Jargon",
    explanation: "",
    link: null,
    start: 0,
    end: 0,
    suggestion: null,
    fix: null,
    ...overrides,
  };
}

const EMOJI = "📚 Gli utenti";

describe("code point offsets", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(EMOJI.length).toBe(13);
    expect(codePointLength(EMOJI)).toBe(12);
    expect(codePointLength("")).toBe(0);
    expect(codePointLength("👩‍👩‍👧 ok")).toBe(8);
  });

  it("maps code points to UTF-16 indices and back", () => {
    // "Gli" starts at code point 2, UTF-16 index 3.
    expect(toUtf16(EMOJI, 2)).toBe(3);
    expect(toUtf16(EMOJI, 0)).toBe(0);
    expect(toUtf16(EMOJI, 12)).toBe(13);
    expect(toUtf16(EMOJI, 99)).toBe(13);
    expect(toCodePoint(EMOJI, 3)).toBe(2);
    expect(toCodePoint(EMOJI, 13)).toBe(12);
    expect(toCodePoint(EMOJI, 0)).toBe(0);
    expect(utf16Offsets("a📚b")).toEqual([0, 1, 3, 4]);
    expect(sliceCodePoints(EMOJI, 6, 12)).toBe("utenti");
  });

  it("round-trips every offset of a mixed text", () => {
    const text = "Ciao 👋🏽 «libri» 🇮🇹 fine";
    const map = utf16Offsets(text);
    map.forEach((index, cp) => {
      expect(toUtf16(text, cp)).toBe(index);
      expect(toCodePoint(text, index)).toBe(cp);
    });
  });
});

describe("applyFix", () => {
  it("replaces a span given in code points after an emoji", () => {
    const fixed = applyFix(EMOJI, { start: 2, end: 12, replacement: "I lettori" });
    expect(fixed).toEqual({ text: "📚 I lettori", caret: 12 });
  });

  it("inserts at a point and clamps past the end", () => {
    expect(applyFix("Ciao", { start: 4, end: 4, replacement: "!" }).text).toBe("Ciao!");
    expect(applyFix("Ciao", { start: 9, end: 12, replacement: "?" }).text).toBe("Ciao?");
  });

  it("replaces a UTF-16 range", () => {
    expect(replaceRange("abcdef", 2, 4, "XY")).toEqual({ text: "abXYef", caret: 4 });
    expect(replaceRange("abc", 3, 3, "d")).toEqual({ text: "abcd", caret: 4 });
  });
});

describe("sortFindings", () => {
  it("puts errors first, then warnings, then suggestions, each in text order", () => {
    const sorted = sortFindings([
      finding({ rule: "s", level: "suggestion", start: 0 }),
      finding({ rule: "w2", level: "warning", start: 9 }),
      finding({ rule: "e", level: "error", start: 5 }),
      finding({ rule: "w1", level: "warning", start: 1 }),
    ]);
    expect(sorted.map((f) => f.rule)).toEqual(["e", "w1", "w2", "s"]);
  });
});

describe("highlightSegments", () => {
  it("underlines a span after an emoji at the right UTF-16 indices", () => {
    const segments = highlightSegments(EMOJI, [finding({ rule: "no-utenti", level: "error", start: 6, end: 12 })]);
    expect(segments.map((s) => s.text)).toEqual(["📚 Gli ", "utenti"]);
    expect(segments[1]).toMatchObject({ from: 7, to: 13 });
    expect(segments[1].findings.map((f) => f.rule)).toEqual(["no-utenti"]);
    expect(segments[0].findings).toEqual([]);
    expect(segments.map((s) => s.text).join("")).toBe(EMOJI);
  });

  it("splits overlapping findings and puts the most serious first where they overlap", () => {
    const text = "abcdefghij";
    const segments = highlightSegments(text, [
      finding({ rule: "w", level: "warning", start: 2, end: 6 }),
      finding({ rule: "e", level: "error", start: 4, end: 8 }),
    ]);
    expect(segments.map((s) => [s.text, s.findings.map((f) => f.rule).join("+")])).toEqual([
      ["ab", ""],
      ["cd", "w"],
      ["ef", "e+w"],
      ["gh", "e"],
      ["ij", ""],
    ]);
  });

  it("ignores findings about the whole post and clamps stale offsets", () => {
    expect(highlightSegments("Ciao", [finding({ start: 2, end: 2 })])).toEqual([
      { text: "Ciao", from: 0, to: 4, findings: [] },
    ]);
    const clamped = highlightSegments("Ciao", [finding({ start: 2, end: 40 })]);
    expect(clamped.map((s) => s.text)).toEqual(["Ci", "ao"]);
    expect(highlightSegments("", [])).toEqual([]);
  });

  it("handles a finding on an emoji itself", () => {
    const segments = highlightSegments("Ok 🎉🎉 sì", [finding({ rule: "a11y.emoji", start: 3, end: 5 })]);
    expect(segments.map((s) => s.text)).toEqual(["Ok ", "🎉🎉", " sì"]);
  });
});

describe("previews", () => {
  it("finds links, hashtags and mentions", () => {
    const text = "Vieni! #NatiPerLeggere con @biblio@mastodon.uno: https://comune.example/prenota. Mail a@b.it #2026";
    const kinds = tokenize(text)
      .filter((t) => t.kind !== "text")
      .map((t) => [t.kind, text.slice(t.from, t.to)]);
    expect(kinds).toEqual([
      ["hashtag", "#NatiPerLeggere"],
      ["mention", "@biblio@mastodon.uno"],
      ["link", "https://comune.example/prenota"],
    ]);
  });

  it("keeps everything and marks nothing when the text fits", () => {
    const parts = previewParts("Ciao #libri\nA presto", null);
    expect(parts).toEqual([
      { kind: "text", text: "Ciao ", past: false },
      { kind: "hashtag", text: "#libri", past: false },
      { kind: "text", text: "\nA presto", past: false },
    ]);
  });

  it("marks what lies past the cut, counted in code points", () => {
    const parts = previewParts("📚 abc #tag", 3);
    expect(parts).toEqual([
      { kind: "text", text: "📚 a", past: false },
      { kind: "cut" },
      { kind: "text", text: "bc ", past: true },
      { kind: "hashtag", text: "#tag", past: true },
    ]);
  });

  it("cuts inside a hashtag and at a token boundary", () => {
    expect(previewParts("ab #tag", 5)).toEqual([
      { kind: "text", text: "ab ", past: false },
      { kind: "hashtag", text: "#t", past: false },
      { kind: "cut" },
      { kind: "hashtag", text: "ag", past: true },
    ]);
    expect(previewParts("ab #tag", 3)).toEqual([
      { kind: "text", text: "ab ", past: false },
      { kind: "cut" },
      { kind: "hashtag", text: "#tag", past: true },
    ]);
  });
});

describe("excerpt and readability", () => {
  it("shortens on one line without splitting an emoji", () => {
    expect(excerpt("  Ciao\n\na tutti  ")).toBe("Ciao a tutti");
    expect(excerpt("📚📚📚📚📚", 4)).toBe("📚📚📚…");
  });

  const metrics = (gulpease: number | null, flesch: number | null): Metrics => ({
    words: 40,
    sentences: 3,
    letters: 200,
    syllables: 80,
    gulpease,
    flesch,
  });

  it("uses Gulpease for Italian and Flesch for English, in bands", () => {
    expect(readability(metrics(72, null), "it")).toEqual({ index: "gulpease", score: 72, band: "fine" });
    expect(readability(metrics(39, null), "it").band).toBe("veryHard");
    expect(readability(metrics(80, null), "it").band).toBe("easy");
    expect(readability(metrics(null, 55), "en")).toEqual({ index: "flesch", score: 55, band: "fine" });
    expect(readability(metrics(null, 20), "en").band).toBe("veryHard");
    expect(readability(metrics(null, null), "en")).toEqual({ index: "flesch", score: null, band: null });
  });
});
