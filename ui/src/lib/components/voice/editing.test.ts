// Editing a list of the guide and saving a form, on their own: add, edit and delete save a changed copy of
// the whole guide; a refusal keeps the form (or the question) open; the focus goes where the officer goes on.
import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError } from "$lib/backend";
import type { Template } from "$lib/bindings/Template";
import type { VoiceGuide } from "$lib/bindings/VoiceGuide";
import { FormSave } from "./formSave.svelte";
import { GuideList } from "./guideList.svelte";

const snippet: Template = { name: "Domanda aperta", lang: "it", text: "E voi, cosa state leggendo?", snippet: true };
const thanks: Template = { name: "Grazie", lang: null, text: "Grazie a chi è venuto!", snippet: false };

function guide(templates: Template[] = [snippet, thanks]): VoiceGuide {
  return {
    format: 1,
    identity: { library: "Biblioteca civica", signature: "", languages: ["it"], handles: {} },
    tone: [],
    terminology: [],
    rules: [],
    builtin: {},
    templates,
  };
}

/** A list of templates over a guide that `save` replaces, as the Voice guide page does. */
function templates(save = vi.fn(async (_guide: VoiceGuide, _done: string) => {})) {
  const state = { guide: guide() };
  const list = new GuideList<Template>({
    guide: () => state.guide,
    save: async (copy, done) => {
      await save(copy, done);
      state.guide = copy;
    },
    list: (g) => g.templates,
    saved: (t) => `saved ${t.name}`,
    deleted: (t) => `deleted ${t.name}`,
    addId: "add-template",
  });
  return { state, list, save };
}

function addButton(): HTMLButtonElement {
  const button = document.createElement("button");
  button.id = "add-template";
  document.body.append(button);
  return button;
}

afterEach(() => document.body.replaceChildren());

describe("GuideList", () => {
  it("adds an entry at the end of a copy of the guide and closes the form", async () => {
    const { state, list, save } = templates();
    const before = state.guide;
    list.add();
    expect(list.form).toEqual({ index: null });
    expect(list.editing).toBeNull();

    const added: Template = { name: "Nuovo", lang: "en", text: "New!", snippet: false };
    await list.save(added);
    expect(save).toHaveBeenCalledWith(guide([snippet, thanks, added]), "saved Nuovo");
    expect(before.templates).toHaveLength(2);
    expect(list.entries).toEqual([snippet, thanks, added]);
    expect(list.form).toBeNull();
  });

  it("edits an entry in its place", async () => {
    const { list, save } = templates();
    list.edit(1);
    expect(list.editing).toEqual(thanks);
    await list.save({ ...thanks, text: "Grazie!" });
    expect(save.mock.calls[0][0].templates).toEqual([snippet, { ...thanks, text: "Grazie!" }]);
    expect(list.form).toBeNull();
  });

  it("keeps the form open when the guide is refused", async () => {
    const refusal = new BackendError("guide_invalid", "voice guide:1:1: no");
    const { list } = templates(vi.fn(async () => Promise.reject(refusal)));
    list.edit(0);
    await expect(list.save({ ...snippet, name: "" })).rejects.toBe(refusal);
    expect(list.form).toEqual({ index: 0 });
  });

  it("deletes an entry once confirmed and gives the focus back to the Add button", async () => {
    const button = addButton();
    const { list, save } = templates();
    list.askDelete(0);
    expect(list.deleting).toEqual({ index: 0, entry: snippet });

    await list.confirmDelete();
    expect(save).toHaveBeenCalledWith(guide([thanks]), "deleted Domanda aperta");
    expect(list.deleting).toBeNull();
    expect(list.deleteBusy).toBe(false);
    expect(button).toHaveFocus();
  });

  it("keeps the question open with the refusal when a deletion is refused", async () => {
    const { list } = templates(vi.fn(async () => Promise.reject({ code: "io", message: "disk full" })));
    list.askDelete(1);
    await list.confirmDelete();
    expect(list.deleting).toEqual({ index: 1, entry: thanks });
    expect(list.deleteError?.code).toBe("io");
    expect(list.deleteBusy).toBe(false);

    list.askDelete(1);
    expect(list.deleteError).toBeNull();
    list.cancelDelete();
    expect(list.deleting).toBeNull();
  });
});

describe("FormSave", () => {
  const submitEvent = () => new Event("submit", { cancelable: true }) as SubmitEvent;

  function control(id: string): HTMLElement {
    const element = document.createElement("input");
    element.id = id;
    document.body.append(element);
    return element;
  }

  it("focuses the first field to fix instead of saving", async () => {
    const name = control("thing-name");
    const form = new FormSave("thing-error");
    const save = vi.fn(async () => {});
    const event = submitEvent();
    await form.submit(event, save, () => "thing-name");
    expect(event.defaultPrevented).toBe(true);
    expect(save).not.toHaveBeenCalled();
    expect(name).toHaveFocus();
  });

  it("saves once at a time, and is ready again afterwards", async () => {
    const form = new FormSave("thing-error");
    let finish: () => void = () => {};
    const save = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const first = form.submit(submitEvent(), save);
    expect(form.saving).toBe(true);
    await form.submit(submitEvent(), save);
    expect(save).toHaveBeenCalledTimes(1);
    finish();
    await first;
    expect(form.saving).toBe(false);
    expect(form.failure).toBeNull();
  });

  it("keeps a refusal to show and focuses where it is shown", async () => {
    const notice = control("thing-error");
    const form = new FormSave("thing-error");
    await form.submit(submitEvent(), async () => Promise.reject(new BackendError("guide_invalid", "no")));
    expect(form.failure?.code).toBe("guide_invalid");
    expect(form.saving).toBe(false);
    expect(notice).toHaveFocus();

    await form.submit(submitEvent(), async () => {});
    expect(form.failure).toBeNull();
  });
});
