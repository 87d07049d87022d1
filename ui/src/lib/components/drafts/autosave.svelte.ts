// Saving without a Save button: each change is saved a moment after the officer stops typing, one save at
// a time; a failed save keeps the text, shows why and can be tried again.
import { BackendError } from "$lib/backend";

export type SaveStatus = "saved" | "pending" | "saving" | "failed";

export class Autosaver<T> {
  status = $state<SaveStatus>("saved");
  error = $state<BackendError | null>(null);
  #savedKey: string;
  #latest: { key: string; value: T };
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  readonly #save: (value: T) => Promise<unknown>;
  readonly #delay: number;

  /** `initial` is what is stored already; `save` stores a newer value. */
  constructor(initial: T, save: (value: T) => Promise<unknown>, delay = 600) {
    this.#savedKey = JSON.stringify(initial);
    this.#latest = { key: this.#savedKey, value: initial };
    this.#save = save;
    this.#delay = delay;
  }

  /** Whether the newest value is not stored yet. */
  get dirty(): boolean {
    return this.#latest.key !== this.#savedKey;
  }

  /** Records the value as it is now and saves it after the delay. */
  change(value: T): void {
    const key = JSON.stringify(value);
    if (key === this.#latest.key) return;
    this.#latest = { key, value };
    this.#clearTimer();
    if (!this.dirty) {
      if (this.#running === null && this.error === null) this.status = "saved";
      return;
    }
    if (this.#running === null && this.error === null) this.status = "pending";
    this.#timer = setTimeout(() => void this.flush(), this.#delay);
  }

  /** Saves whatever is unsaved now; true once everything is stored. */
  async flush(): Promise<boolean> {
    this.#clearTimer();
    while (this.#running !== null) await this.#running;
    if (!this.dirty) {
      if (this.error === null) this.status = "saved";
      return this.error === null;
    }
    const { key, value } = this.#latest;
    this.status = "saving";
    let failed = false;
    this.#running = this.#save(value).then(
      () => {
        this.#savedKey = key;
        this.error = null;
      },
      (reason) => {
        failed = true;
        this.error = BackendError.from(reason);
      },
    );
    try {
      await this.#running;
    } finally {
      this.#running = null;
    }
    if (failed) {
      this.status = "failed";
      return false;
    }
    if (this.dirty) return this.flush();
    this.status = "saved";
    return true;
  }

  /** Stops the pending timer (the value stays unsaved until `flush`). */
  dispose(): void {
    this.#clearTimer();
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
