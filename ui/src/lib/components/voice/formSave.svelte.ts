// Saving a voice guide form: one save at a time, the fields checked first (focus goes to the first one to
// fix), and a refusal of the core kept to show, with the focus on it.
import { tick } from "svelte";
import { BackendError } from "$lib/backend";

export class FormSave {
  saving = $state(false);
  failure = $state<BackendError | null>(null);
  readonly #errorId: string;

  /** `errorId`: the element that shows the refusal. */
  constructor(errorId: string) {
    this.#errorId = errorId;
  }

  /**
   * Handles the form's submit: `check` returns the id of the first control to fix (null when all is well),
   * then `save` runs unless a save is running already.
   */
  async submit(event: SubmitEvent, save: () => Promise<void>, check: () => string | null = () => null): Promise<void> {
    event.preventDefault();
    if (this.saving) return;
    this.failure = null;
    const invalid = check();
    if (invalid !== null) {
      await tick();
      document.getElementById(invalid)?.focus();
      return;
    }
    this.saving = true;
    try {
      await save();
    } catch (reason) {
      this.failure = BackendError.from(reason);
      await tick();
      document.getElementById(this.#errorId)?.focus();
    } finally {
      this.saving = false;
    }
  }
}
