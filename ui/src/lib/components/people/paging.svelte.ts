// Lists that load a page at a time ("Show more"), and searches where only the newest answer counts.
import { BackendError } from "$lib/backend";
import type { Page } from "$lib/bindings/Page";
import { PAGE_SIZE } from "./model";

/** Rows loaded a page at a time, in the order the core sends them. */
export class Pager<T extends { id: number }> {
  items = $state<T[]>([]);
  loading = $state(false);
  /** The first page has arrived (or failed). */
  loaded = $state(false);
  /** The core has no more rows. */
  done = $state(false);
  error = $state<BackendError | null>(null);

  #fetch: (page: Page) => Promise<T[]>;
  #size: number;
  #generation = 0;

  constructor(fetch: (page: Page) => Promise<T[]>, size: number = PAGE_SIZE) {
    this.#fetch = fetch;
    this.#size = size;
  }

  /** Loads the next page (the first when nothing is loaded). */
  async more(): Promise<void> {
    if (this.loading || this.done) return;
    const generation = this.#generation;
    this.loading = true;
    try {
      const rows = await this.#fetch({ offset: this.items.length, limit: this.#size });
      if (generation !== this.#generation) return;
      const known = new Set(this.items.map((item) => item.id));
      this.items = [...this.items, ...rows.filter((row) => !known.has(row.id))];
      this.done = rows.length < this.#size;
      this.error = null;
    } catch (reason) {
      if (generation === this.#generation) this.error = BackendError.from(reason);
    } finally {
      if (generation === this.#generation) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  /** Starts again from the first page, with another source when given (e.g. a new filter). */
  reset(fetch?: (page: Page) => Promise<T[]>): Promise<void> {
    this.#generation++;
    if (fetch) this.#fetch = fetch;
    this.items = [];
    this.loading = false;
    this.loaded = false;
    this.done = false;
    this.error = null;
    return this.more();
  }

  /** Puts a new row before the first it `comesBefore`; at the end only when every page is loaded. */
  insert(item: T, comesBefore: (item: T, other: T) => boolean): void {
    const index = this.items.findIndex((other) => comesBefore(item, other));
    if (index >= 0) this.items = [...this.items.slice(0, index), item, ...this.items.slice(index)];
    else if (this.done) this.items = [...this.items, item];
  }

  update(item: T): void {
    this.items = this.items.map((other) => (other.id === item.id ? item : other));
  }

  remove(id: number): void {
    this.items = this.items.filter((item) => item.id !== id);
  }
}

/** Returned for an answer that a newer call has made obsolete. */
export const STALE: unique symbol = Symbol("stale");

/** Wraps an async function so that only the newest call's answer (or failure) is delivered; older calls
 *  resolve to STALE whatever happened to them (e.g. search results for what the officer typed before). */
export function newestOnly<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R | typeof STALE> {
  let ticket = 0;
  return async (...args: A) => {
    const mine = ++ticket;
    try {
      const result = await fn(...args);
      return mine === ticket ? result : STALE;
    } catch (reason) {
      if (mine !== ticket) return STALE;
      throw reason;
    }
  };
}
