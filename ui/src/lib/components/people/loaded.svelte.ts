// A person or an organisation as its page holds it: loading (or why it did not), and edited in its form.
import { BackendError } from "$lib/backend";
import { t } from "$lib/i18n/index.svelte";
import { announce } from "$lib/session.svelte";

export class Loaded<T extends { name: string }> {
  value = $state<T | null>(null);
  error = $state<BackendError | null>(null);
  /** The edit form is open. */
  editing = $state(false);

  constructor(load: () => Promise<T>) {
    load().then(
      (value) => (this.value = value),
      (reason) => (this.error = BackendError.from(reason)),
    );
  }

  /** Takes the record as saved from the form, closes it, tells `onsaved` and the officer. */
  saved(next: T, onsaved: (value: T) => void): void {
    this.editing = false;
    this.value = next;
    onsaved(next);
    announce(t("people.saved", { name: next.name }));
  }
}
