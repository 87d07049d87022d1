// Tying help and error messages to their control for assistive technology.

/** The value of `aria-describedby` for the ids given, leaving out the absent ones; undefined when none is left. */
export function describedBy(...ids: (string | null | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}
