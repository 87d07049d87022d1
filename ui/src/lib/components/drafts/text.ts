// Pure helpers of the Drafts editor: the core's code-point offsets as JavaScript (UTF-16) indices, applying a
// finding's fix, the segments behind the underlines, the parts of a network preview, ordering findings and
// the readability bands. Everything the checker sends counts Unicode code points; JavaScript strings count
// UTF-16 code units, so "📚" is 1 for the core and 2 here.
import type { Finding } from "$lib/bindings/Finding";
import type { Fix } from "$lib/bindings/Fix";
import type { Language } from "$lib/bindings/Language";
import type { Level } from "$lib/bindings/Level";
import type { Metrics } from "$lib/bindings/Metrics";

/** How many code points `text` has (what the core calls its length in characters). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/**
 * The UTF-16 index of every code point offset of `text`, 0 to its length included: `map[cp]` is where the
 * code point `cp` starts (and `map[length]` is `text.length`).
 */
export function utf16Offsets(text: string): number[] {
  const map: number[] = [];
  let at = 0;
  for (const char of text) {
    map.push(at);
    at += char.length;
  }
  map.push(at);
  return map;
}

/** The UTF-16 index of code point offset `cp` in `text`, clamped to the text. */
export function toUtf16(text: string, cp: number): number {
  if (cp <= 0) return 0;
  let count = 0;
  let at = 0;
  for (const char of text) {
    if (count === cp) return at;
    count++;
    at += char.length;
  }
  return text.length;
}

/** The code point offset of UTF-16 index `index` in `text` (an index inside a surrogate pair counts as after it). */
export function toCodePoint(text: string, index: number): number {
  if (index <= 0) return 0;
  let count = 0;
  let at = 0;
  for (const char of text) {
    if (at >= index) return count;
    count++;
    at += char.length;
  }
  return count;
}

/** The text between two code point offsets. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return text.slice(toUtf16(text, start), toUtf16(text, end));
}

/** Replaces UTF-16 range `start..end` with `insertion`; the caret goes after the insertion. */
export function replaceRange(text: string, start: number, end: number, insertion: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, end, text.length));
  const to = Math.min(Math.max(start, end), text.length);
  return { text: text.slice(0, from) + insertion + text.slice(to), caret: from + insertion.length };
}

/** Applies a finding's fix (code point offsets) to the text it was found in. */
export function applyFix(text: string, fix: Fix): { text: string; caret: number } {
  const map = utf16Offsets(text);
  const last = map.length - 1;
  const start = map[Math.min(Math.max(fix.start, 0), last)];
  const end = map[Math.min(Math.max(fix.end, fix.start, 0), last)];
  return replaceRange(text, start, end, fix.replacement);
}

/** Errors first, then warnings, then suggestions. */
export const LEVELS: readonly Level[] = ["error", "warning", "suggestion"];

const rank = (level: Level) => LEVELS.indexOf(level);

/** The findings by level (errors first), then in the order they occur in the text. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => rank(a.level) - rank(b.level) || a.start - b.start || a.end - b.end);
}

/** A stretch of the text and the findings that cover it, most serious first (none: plain text). */
export type Segment = {
  text: string;
  /** UTF-16 indices of the stretch in the text. */
  from: number;
  to: number;
  findings: Finding[];
};

/**
 * The text cut where findings start and end, for the underlines behind the textarea. Overlapping findings
 * share the stretch they overlap on; findings about the whole post (start = end) underline nothing.
 */
export function highlightSegments(text: string, findings: readonly Finding[]): Segment[] {
  const map = utf16Offsets(text);
  const length = map.length - 1;
  const clamp = (cp: number) => Math.min(Math.max(cp, 0), length);
  const spans = sortFindings(findings)
    .map((finding) => ({ finding, start: clamp(finding.start), end: clamp(finding.end) }))
    .filter((span) => span.end > span.start);
  const cuts = [...new Set([0, length, ...spans.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const covering = spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.finding);
    const from = map[start];
    const to = map[end];
    const previous = segments[segments.length - 1];
    if (previous && previous.findings.length === 0 && covering.length === 0) {
      previous.text += text.slice(from, to);
      previous.to = to;
    } else {
      segments.push({ text: text.slice(from, to), from, to, findings: covering });
    }
  }
  return segments;
}

/** A piece of a network preview: styled text, or the place where the network cuts the post. */
export type PreviewPart =
  | { kind: "text" | "link" | "hashtag" | "mention"; text: string; past: boolean }
  | { kind: "cut" };

type Token = { kind: "text" | "link" | "hashtag" | "mention"; from: number; to: number };

const CANDIDATE = /https?:\/\/[^\s]+|[#@][\p{L}\p{N}_][\p{L}\p{N}_.@-]*/gu;
const WORD_BEFORE = /[\p{L}\p{N}_]$/u;
const LINK_TRAILER = /[.,;:!?'"»”’)\]}]+$/u;
const TAG = /^#[\p{L}\p{N}_]*/u;
const MENTION = /^@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.-]+)?/u;

/** Links, hashtags and mentions in `text`, as a network would style them (a simple approximation). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let plain = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const at = match.index;
    let found = match[0];
    let kind: Token["kind"];
    if (found.startsWith("http")) {
      kind = "link";
      found = found.replace(LINK_TRAILER, "");
    } else {
      if (WORD_BEFORE.test(text.slice(0, at))) continue;
      if (found.startsWith("#")) {
        kind = "hashtag";
        found = TAG.exec(found)?.[0] ?? "";
        if (!/\p{L}/u.test(found)) continue;
      } else {
        kind = "mention";
        found = (MENTION.exec(found)?.[0] ?? "").replace(/[.-]+$/u, "");
        if (found.length < 2) continue;
      }
    }
    if (at > plain) tokens.push({ kind: "text", from: plain, to: at });
    tokens.push({ kind, from: at, to: at + found.length });
    plain = at + found.length;
  }
  if (plain < text.length) tokens.push({ kind: "text", from: plain, to: text.length });
  return tokens;
}

/**
 * The text of a preview in styled parts, with what lies past `cutAt` (a code point offset, where the network
 * stops accepting the text) marked `past` and a `cut` part where it starts.
 */
export function previewParts(text: string, cutAt: number | null): PreviewPart[] {
  const cut = cutAt === null ? null : toUtf16(text, cutAt);
  const parts: PreviewPart[] = [];
  let marked = false;
  const mark = () => {
    if (!marked) parts.push({ kind: "cut" });
    marked = true;
  };
  for (const token of tokenize(text)) {
    if (cut === null || token.to <= cut) {
      parts.push({ kind: token.kind, text: text.slice(token.from, token.to), past: false });
    } else if (token.from >= cut) {
      mark();
      parts.push({ kind: token.kind, text: text.slice(token.from, token.to), past: true });
    } else {
      parts.push({ kind: token.kind, text: text.slice(token.from, cut), past: false });
      mark();
      parts.push({ kind: token.kind, text: text.slice(cut, token.to), past: true });
    }
  }
  if (cut !== null && cut < text.length) mark();
  return parts;
}

/** The first words of a text, on one line, for the list of drafts. */
export function excerpt(text: string, max = 90): string {
  const line = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

export type ReadabilityBand = "veryHard" | "hard" | "fine" | "easy";
export type ReadabilityIndex = "gulpease" | "flesch";

/** Where each scale's bands begin (hard, fine, easy): Gulpease for Italian, Flesch reading ease for English. */
export const BAND_LIMITS: Record<ReadabilityIndex, readonly [number, number, number]> = {
  gulpease: [40, 60, 80],
  flesch: [30, 50, 70],
};

/** The score for the post's language, its band, and the scale it is on. */
export function readability(
  metrics: Metrics,
  lang: Language,
): { index: ReadabilityIndex; score: number | null; band: ReadabilityBand | null } {
  const index: ReadabilityIndex = lang === "it" ? "gulpease" : "flesch";
  const score = index === "gulpease" ? metrics.gulpease : metrics.flesch;
  if (score === null) return { index, score: null, band: null };
  const [hard, fine, easy] = BAND_LIMITS[index];
  const band: ReadabilityBand = score < hard ? "veryHard" : score < fine ? "hard" : score < easy ? "fine" : "easy";
  return { index, score, band };
}
