// The live advice on one text: asks the core's checker (of posts, or of answers in a conversation) on every
// change and keeps only the newest answer, so a slow reply to an older keystroke never replaces a newer one.
import { BackendError, call } from "$lib/backend";
import type { CheckReport } from "$lib/bindings/CheckReport";
import type { DraftCheck } from "$lib/bindings/DraftCheck";

export class LiveCheck {
  /** The newest report received. */
  report = $state<CheckReport | null>(null);
  /** The text `report` is about (its offsets hold for this text only). */
  checked = $state<string | null>(null);
  error = $state<BackendError | null>(null);
  #sequence = 0;
  #lastAsked = "";
  readonly #command: "check_draft" | "check_answer";

  /** Advice on a post, or with `check_answer`, on an answer (which need not say what a post must). */
  constructor(command: "check_draft" | "check_answer" = "check_draft") {
    this.#command = command;
  }

  /** Checks `draft` unless it is what was asked last; answers to earlier requests are dropped. */
  run(draft: DraftCheck): void {
    const key = JSON.stringify(draft);
    if (key === this.#lastAsked) return;
    this.#lastAsked = key;
    const ticket = ++this.#sequence;
    call(this.#command, { draft }).then(
      (report) => {
        if (ticket !== this.#sequence) return;
        this.report = report;
        this.checked = draft.text;
        this.error = null;
      },
      (reason) => {
        if (ticket !== this.#sequence) return;
        this.error = BackendError.from(reason);
        // Ask again on the next change even if the draft comes back to the same text.
        this.#lastAsked = "";
      },
    );
  }

  /** Whether the report's offsets hold for `text`. */
  fresh(text: string): boolean {
    return this.report !== null && this.checked === text;
  }
}
