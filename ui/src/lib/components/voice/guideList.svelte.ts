// One list of the voice guide being edited (rules, traits of tone, glossary, templates): the form that adds
// an entry or edits one, and deleting an entry once confirmed. Every change saves a copy of the whole guide.
import { tick } from "svelte";
import { BackendError } from "$lib/backend";
import type { VoiceGuide } from "$lib/bindings/VoiceGuide";
import { cloneGuide, type SaveGuide } from "./guide";

export type GuideListOptions<T> = {
  /** The guide in use (read when needed, so it is always the newest). */
  guide: () => VoiceGuide;
  save: SaveGuide;
  /** The list inside a guide; changing the array it returns changes that guide. */
  list: (guide: VoiceGuide) => T[];
  /** What to announce once an entry is saved, and once one is deleted. */
  saved: (entry: T) => string;
  deleted: (entry: T) => string;
  /** The list's Add button, which takes the focus after a deletion. */
  addId: string;
};

export class GuideList<T> {
  /** The open form: the index of the entry it edits, or null for a new entry. */
  form = $state<{ index: number | null } | null>(null);
  /** The entry whose deletion waits for a confirmation. */
  deleting = $state<{ index: number; entry: T } | null>(null);
  deleteBusy = $state(false);
  deleteError = $state<BackendError | null>(null);
  /** The id of the list's Add button. */
  readonly addId: string;
  readonly #options: GuideListOptions<T>;

  constructor(options: GuideListOptions<T>) {
    this.#options = options;
    this.addId = options.addId;
  }

  /** The list's entries in the guide in use. */
  get entries(): T[] {
    return this.#options.list(this.#options.guide());
  }

  /** The entry the open form edits (null for a new one). */
  get editing(): T | null {
    const index = this.form?.index ?? null;
    return index === null ? null : this.entries[index];
  }

  add = (): void => {
    this.form = { index: null };
  };

  edit = (index: number): void => {
    this.form = { index };
  };

  close = (): void => {
    this.form = null;
  };

  /** Puts the form's entry into a copy of the guide and saves it, then closes the form; rejects on refusal. */
  save = async (entry: T): Promise<void> => {
    const copy = cloneGuide(this.#options.guide());
    const list = this.#options.list(copy);
    const index = this.form?.index ?? null;
    if (index === null) list.push(entry);
    else list[index] = entry;
    await this.#options.save(copy, this.#options.saved(entry));
    this.form = null;
  };

  askDelete = (index: number): void => {
    this.deleteError = null;
    this.deleting = { index, entry: this.entries[index] };
  };

  cancelDelete = (): void => {
    this.deleting = null;
  };

  /** Deletes the entry asked about; a refusal is kept in `deleteError` and the question stays open. */
  confirmDelete = async (): Promise<void> => {
    const target = this.deleting;
    if (!target || this.deleteBusy) return;
    this.deleteBusy = true;
    this.deleteError = null;
    try {
      const copy = cloneGuide(this.#options.guide());
      this.#options.list(copy).splice(target.index, 1);
      await this.#options.save(copy, this.#options.deleted(target.entry));
      this.deleting = null;
      await tick();
      document.getElementById(this.addId)?.focus();
    } catch (reason) {
      this.deleteError = BackendError.from(reason);
    } finally {
      this.deleteBusy = false;
    }
  };
}
