// Saving the person and organisation forms: one save at a time, the form checked first as the core would
// check it, and any refusal kept with the focus on the control of the field it names.
import { BackendError } from "$lib/backend";
import { focusFieldError } from "$lib/fieldErrors";
import { rowIndex, type ContactRow } from "./model";
import { contactMessage, fieldText } from "./text";

export class PartySave {
  saving = $state(false);
  error = $state<BackendError | null>(null);
  /** The field the form or the core refused ("name", "contacts[1]"…), or null. */
  readonly invalidField = $derived(this.error?.code === "invalid_input" ? this.error.field : null);

  readonly #prefix: "person" | "org";
  readonly #controlOf: (field: string) => string | null;

  /** `prefix`: the form's ids start with it; `controlOf`: the id of the form's own fields' controls
   *  (beyond name, tags, cadence and contacts, which every form has), or null. */
  constructor(prefix: "person" | "org", controlOf: (field: string) => string | null = () => null) {
    this.#prefix = prefix;
    this.#controlOf = controlOf;
  }

  /** The id of the control of `field`; for a refusal naming no field of the form, the refusal's own. */
  controlFor(field: string): string {
    const contact = rowIndex(field, "contacts");
    if (contact !== null) return `${this.#prefix}-contact-value-${contact}`;
    const common: Record<string, string> = { name: "name", tags: "tags", cadence: "ideal-days" };
    if (field in common) return `${this.#prefix}-${common[field]}`;
    return this.#controlOf(field) ?? `${this.#prefix}-error`;
  }

  /** A refusal that names no field of the form (shown under the form), or null. */
  get unplaced(): BackendError | null {
    const field = this.invalidField;
    return field === null || this.controlFor(field) === `${this.#prefix}-error` ? this.error : null;
  }

  /** The message for `field` when it was refused, else null. */
  message(field: string): string | null {
    return this.invalidField === field ? fieldText(field) : null;
  }

  /** The message for contact row `index` when it was refused, else null. */
  contactError(rows: readonly ContactRow[], index: number): string | null {
    return rowIndex(this.invalidField, "contacts") === index ? contactMessage(rows[index]) : null;
  }

  async #refuse(error: BackendError): Promise<void> {
    this.error = error;
    const controls: Record<string, string> = error.field ? { [error.field]: this.controlFor(error.field) } : {};
    await focusFieldError(error, controls, `${this.#prefix}-error`);
  }

  /** Handles the form's submit: `problem` names the first field to fix (null when all is well), then `save` runs. */
  async submit(event: SubmitEvent, problem: () => string | null, save: () => Promise<void>): Promise<void> {
    event.preventDefault();
    if (this.saving) return;
    const field = problem();
    if (field !== null) return this.#refuse(new BackendError("invalid_input", "", field));
    this.saving = true;
    this.error = null;
    try {
      await save();
    } catch (reason) {
      await this.#refuse(BackendError.from(reason));
    } finally {
      this.saving = false;
    }
  }
}
