// The guide as a whole: what its tabs and forms are given, copies to edit, the built-in checks and their
// settings, template placeholders, where a file error is, and the outcome of the guide's own tests (its examples).
import type { BuiltinCheck } from "$lib/bindings/BuiltinCheck";
import type { BuiltinSetting } from "$lib/bindings/BuiltinSetting";
import type { ExampleOutcome } from "$lib/bindings/ExampleOutcome";
import type { Level } from "$lib/bindings/Level";
import type { VoiceGuide } from "$lib/bindings/VoiceGuide";

/** Saves the whole guide and announces `done`; rejects with the core's error. */
export type SaveGuide = (guide: VoiceGuide, done: string) => Promise<void>;

/** What each tab that edits part of the guide is given: the guide in use, and how to save a changed copy. */
export type GuideTabProps = { guide: VoiceGuide; save: SaveGuide };

/** What a form for one entry of the guide (a rule, a trait of tone, a word, a template) is given besides the
 *  entry: `onsave` puts the entry into the guide and rejects with the core's error (the form stays open). */
export type EntryFormProps<T> = { onsave: (entry: T) => Promise<void>; onclose: () => void };

/** A deep copy to change and send to `save_voice_guide` (also unwraps reactive state). */
export function cloneGuide(guide: VoiceGuide): VoiceGuide {
  return JSON.parse(JSON.stringify(guide)) as VoiceGuide;
}

/** The built-in checks in the order the core lists them, each with its default level. */
const defaults: Record<BuiltinCheck, Level> = {
  "dialogue.broadcast": "warning",
  "dialogue.question": "suggestion",
  "event.complete": "warning",
  jargon: "suggestion",
  "a11y.alt_text": "error",
  "a11y.alt_length": "warning",
  "a11y.hashtag_case": "suggestion",
  "a11y.emoji": "suggestion",
  "a11y.all_caps": "suggestion",
  "a11y.gender_forms": "warning",
};

export const BUILTIN_CHECKS = Object.keys(defaults) as BuiltinCheck[];

export function defaultLevel(check: BuiltinCheck): Level {
  return defaults[check];
}

/** Which extra words a check takes: phrases (one per line), "term → plain alternative" pairs, or none. */
export function builtinExtras(check: BuiltinCheck): "phrases" | "alternatives" | null {
  if (check === "jargon") return "alternatives";
  if (check === "dialogue.broadcast" || check === "dialogue.question" || check === "a11y.all_caps") return "phrases";
  return null;
}

/** The setting of a check as the guide has it: on, at its default level, with no extra words when absent. */
export function builtinSetting(guide: VoiceGuide, check: BuiltinCheck): BuiltinSetting {
  const setting = guide.builtin[check];
  return {
    enabled: setting?.enabled ?? true,
    level: setting?.level ?? null,
    phrases: [...(setting?.phrases ?? [])],
    alternatives: { ...(setting?.alternatives ?? {}) },
  };
}

/** Whether a setting changes nothing (then the guide need not mention the check). */
export function isDefaultSetting(check: BuiltinCheck, setting: BuiltinSetting): boolean {
  return (
    setting.enabled &&
    (setting.level === null || setting.level === defaults[check]) &&
    setting.phrases.length === 0 &&
    Object.keys(setting.alternatives).length === 0
  );
}

/** A copy of the guide with `check` set to `setting` (left out when it is the default). */
export function withBuiltin(guide: VoiceGuide, check: BuiltinCheck, setting: BuiltinSetting): VoiceGuide {
  const copy = cloneGuide(guide);
  if (isDefaultSetting(check, setting)) delete copy.builtin[check];
  else copy.builtin[check] = { ...setting, level: setting.level === defaults[check] ? null : setting.level };
  return copy;
}

/** The placeholders templates may use, which Agora fills from the event and the identity. */
export const PLACEHOLDERS = ["{event.title}", "{event.date}", "{event.place}", "{booking_url}", "{signature}"] as const;

/** `text` with `insert` put in place of the selection `start..end`, and where the cursor goes after it. */
export function insertText(text: string, start: number, end: number, insert: string): { text: string; cursor: number } {
  const [from, to] = [Math.max(0, Math.min(start, text.length)), Math.max(0, Math.min(end, text.length))];
  return { text: text.slice(0, from) + insert + text.slice(to), cursor: from + insert.length };
}

/** Where a `guide_invalid` message says the problem is ("voice guide:12:3: rule \"x\": …"). */
export type GuideProblem = { source: string; line: number; column: number; rule: string | null; reason: string };

export function parseGuideProblem(message: string): GuideProblem | null {
  const match = /^(.*?):(\d+):(\d+): (?:rule "((?:[^"\\]|\\.)*)": )?([\s\S]*)$/.exec(message);
  if (!match) return null;
  return {
    source: match[1],
    line: Number(match[2]),
    column: Number(match[3]),
    rule: match[4] ?? null,
    reason: match[5],
  };
}

/** The character offset of a 1-based line and column in `text` (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  const rows = text.split("\n");
  const row = Math.max(1, Math.min(line, rows.length));
  let offset = 0;
  for (let i = 0; i < row - 1; i++) offset += rows[i].length + 1;
  return offset + Math.max(0, Math.min(column - 1, rows[row - 1].length));
}

/** The examples that did not behave as their rule says: a bad one not caught, or a good one caught. */
export function failedExamples(outcomes: readonly ExampleOutcome[]): ExampleOutcome[] {
  return outcomes.filter((o) => o.bad !== o.triggered);
}
