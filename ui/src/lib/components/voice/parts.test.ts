// The pieces the guide's tabs are built from, on their own: a list's head and its cards with Edit and
// Delete, the question before a deletion, and the dialog every entry's form sits in.
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { createRawSnippet, type Component, type ComponentProps } from "svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError } from "$lib/backend";
import type { Term } from "$lib/bindings/Term";
import type { VoiceGuide } from "$lib/bindings/VoiceGuide";
import { setLanguage } from "$lib/i18n/index.svelte";
import ConfirmDeleteOf from "./ConfirmDelete.svelte";
import EntryButtons from "./EntryButtons.svelte";
import EntryCardsOf from "./EntryCards.svelte";
import EntryForm from "./EntryForm.svelte";
import { GuideList } from "./guideList.svelte";
import ListHead from "./ListHead.svelte";

const terms: Term[] = [
  { term: "lettori", meaning: "Chi frequenta la biblioteca.", lang: "it" },
  { term: "prestito", meaning: "", lang: null },
];

function termList(entries: Term[] = terms, save = vi.fn(async () => {})) {
  const guide = { terminology: entries } as VoiceGuide;
  return new GuideList<Term>({
    guide: () => guide,
    save,
    list: (g) => g.terminology,
    saved: (term) => `saved ${term.term}`,
    deleted: (term) => `deleted ${term.term}`,
    addId: "term-add",
  });
}

// The generic components, for glossary entries.
const EntryCards = EntryCardsOf as Component<ComponentProps<typeof EntryCardsOf<Term>>>;
const ConfirmDelete = ConfirmDeleteOf as Component<ComponentProps<typeof ConfirmDeleteOf<Term>>>;

beforeEach(() => setLanguage("en"));

describe("EntryButtons", () => {
  it("edits and deletes, named after the entry", async () => {
    const onedit = vi.fn();
    const ondelete = vi.fn();
    render(EntryButtons, { name: "lettori", testid: "term", onedit, ondelete });
    await fireEvent.click(screen.getByRole("button", { name: "Edit lettori" }));
    await fireEvent.click(screen.getByRole("button", { name: "Delete lettori" }));
    expect(onedit).toHaveBeenCalledOnce();
    expect(ondelete).toHaveBeenCalledOnce();
    expect(screen.getByTestId("term-edit")).toHaveTextContent("Edit");
    expect(screen.getByTestId("term-delete")).toHaveTextContent("Delete");
  });
});

describe("ListHead", () => {
  it("leads with its text and a main Add button", async () => {
    const add = vi.fn();
    render(ListHead, {
      list: { addId: "thing-add", add },
      lead: "Ready-made posts.",
      addTestid: "add",
      addLabel: "Add",
      primary: true,
    });
    expect(screen.getByText("Ready-made posts.")).toHaveClass("muted");
    const button = screen.getByRole("button", { name: "Add" });
    expect(button).toHaveAttribute("id", "thing-add");
    expect(button).toHaveAttribute("data-testid", "add");
    expect(button).toHaveClass("primary");
    await fireEvent.click(button);
    expect(add).toHaveBeenCalledOnce();
  });

  it("can carry a heading, its lead becoming the help", () => {
    render(ListHead, {
      list: { addId: "word-add", add: () => {} },
      title: "Words",
      titleId: "words-title",
      lead: "The glossary.",
      addLabel: "Add",
    });
    expect(screen.getByRole("heading", { level: 2, name: "Words" })).toHaveAttribute("id", "words-title");
    expect(screen.getByText("The glossary.")).toHaveClass("help");
    expect(screen.getByRole("button", { name: "Add" })).not.toHaveClass("primary");
  });
});

describe("EntryCards", () => {
  const card = createRawSnippet((term: () => Term) => ({ render: () => `<h3>${term().term}</h3>` }));
  const props = (list: GuideList<Term>) => ({
    list,
    testid: "term-card",
    empty: "None yet.",
    name: (term: Term) => term.term,
    minWidth: "20rem",
    children: card,
  });

  it("shows a card per entry whose buttons open the form and ask before deleting", async () => {
    const list = termList();
    render(EntryCards, props(list));
    const cards = screen.getAllByTestId("term-card");
    expect(cards.map((c) => c.querySelector("h3")?.textContent)).toEqual(["lettori", "prestito"]);

    await fireEvent.click(within(cards[1]).getByRole("button", { name: "Edit prestito" }));
    expect(list.form).toEqual({ index: 1 });
    await fireEvent.click(within(cards[0]).getByRole("button", { name: "Delete lettori" }));
    expect(list.deleting).toEqual({ index: 0, entry: terms[0] });
  });

  it("says when the list is empty", () => {
    render(EntryCards, props(termList([])));
    expect(screen.queryByTestId("term-card")).toBeNull();
    expect(screen.getByText("None yet.")).toBeInTheDocument();
  });
});

describe("ConfirmDelete", () => {
  it("asks only while a deletion waits, and deletes once confirmed", async () => {
    const save = vi.fn(async () => {});
    const list = termList(terms, save);
    const body = (term: Term) => `Delete “${term.term}”?`;
    const { rerender } = render(ConfirmDelete, { list, title: "Delete the word?", body });
    expect(screen.queryByTestId("voice-confirm")).toBeNull();

    list.askDelete(1);
    await rerender({ list, title: "Delete the word?", body });
    const dialog = screen.getByTestId("voice-confirm");
    expect(dialog).toHaveTextContent("Delete the word?");
    expect(dialog).toHaveTextContent("Delete “prestito”?");
    await fireEvent.click(screen.getByTestId("voice-confirm-yes"));
    expect(save).toHaveBeenCalledWith({ terminology: [terms[0]] }, "deleted prestito");
  });
});

describe("EntryForm", () => {
  const fields = createRawSnippet(() => ({ render: () => `<input id="thing-name" aria-label="Name" />` }));

  it("holds the fields in a named form, with Cancel and Save in the dialog's actions", async () => {
    const onsubmit = vi.fn((event: SubmitEvent) => event.preventDefault());
    const onclose = vi.fn();
    render(EntryForm, {
      name: "thing",
      title: "New thing",
      saving: false,
      onsubmit,
      onclose,
      cancelTestid: "thing-cancel",
      children: fields,
    });
    const dialog = screen.getByTestId("thing-form");
    expect(within(dialog).getByRole("heading", { name: "New thing" })).toBeInTheDocument();
    const form = document.getElementById("thing-form-el") as HTMLFormElement;
    expect(within(form).getByLabelText("Name")).toBeInTheDocument();

    const save = screen.getByTestId("thing-save");
    expect(save).toHaveAttribute("form", "thing-form-el");
    expect(save).toHaveTextContent("Save");
    await fireEvent.submit(form);
    expect(onsubmit).toHaveBeenCalledOnce();
    await fireEvent.click(screen.getByTestId("thing-cancel"));
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("shows the refusal under the fields and says it is saving", () => {
    const failure = new BackendError("guide_invalid", "voice guide:3:1: bad");
    render(EntryForm, {
      name: "thing",
      title: "Edit thing",
      saving: true,
      failure,
      saveText: "Save thing",
      onsubmit: () => {},
      onclose: () => {},
      children: fields,
    });
    expect(document.getElementById("thing-form-error")).toHaveTextContent("voice guide:3:1: bad");
    expect(screen.getByTestId("thing-save")).toBeDisabled();
    expect(screen.getByTestId("thing-save")).toHaveTextContent("Saving…");
  });
});
