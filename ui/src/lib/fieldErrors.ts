// The core's `invalid_input` errors name a field: these helpers put the message next to that field's control
// and move keyboard focus there, so forms map `field` → element id in one place.
import { tick } from "svelte";
import type { BackendError } from "$lib/backend";

/** `message(field)` when the error is `invalid_input` for `field`, else null. */
export function fieldMessage<F extends string>(
  error: BackendError | null,
  field: F,
  message: (field: F) => string,
): string | null {
  return error?.code === "invalid_input" && error.field === field ? message(field) : null;
}

/** After the error renders, focuses the control of the field it names (`controls`: field → element id), else `fallback`. */
export async function focusFieldError(
  error: BackendError,
  controls: Readonly<Record<string, string>>,
  fallback: string,
): Promise<void> {
  await tick();
  const id = error.code === "invalid_input" && error.field !== null ? (controls[error.field] ?? fallback) : fallback;
  document.getElementById(id)?.focus();
}
