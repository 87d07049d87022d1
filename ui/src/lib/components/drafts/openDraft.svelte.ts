// Opening a post in the Drafts editor from elsewhere in the app (e.g. the calendar's post form).
import { navigate } from "$lib/session.svelte";

/** The post the Drafts section should open when it next renders. */
export const draftRequest = $state<{ id: number | null }>({ id: null });

export function openDraft(id: number): void {
  draftRequest.id = id;
  navigate("drafts");
}

/** The requested post, once: the request is cleared when taken. */
export function takeDraftRequest(): number | null {
  const id = draftRequest.id;
  draftRequest.id = null;
  return id;
}

let leaving: Promise<unknown> = Promise.resolve();

/** Records the save a closing editor started, so the next load of the draft waits for it. */
export function trackSave(save: Promise<unknown>): void {
  const previous = leaving;
  leaving = Promise.allSettled([previous, save]);
}

/** Resolves once every save started by a closing editor has finished. */
export function savesSettled(): Promise<unknown> {
  return leaving;
}
