// People in a post against a scripted backend: who is linked, adding someone found by search with a role,
// changing a role and removing (each saved at once, a refusal put back), and the consent rule in the editor:
// a refusal to mark the post ready shows the core's words, never the override dialog.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { CheckReport } from "$lib/bindings/CheckReport";
import type { DraftCheck } from "$lib/bindings/DraftCheck";
import type { DraftView } from "$lib/bindings/DraftView";
import type { Organisation } from "$lib/bindings/Organisation";
import type { Person } from "$lib/bindings/Person";
import type { PostParty } from "$lib/bindings/PostParty";
import type { PostState } from "$lib/bindings/PostState";
import { session } from "$lib/session.svelte";
import { fakeCall, profile, resetSession, type Handlers } from "../../../test/fixtures";
import DraftEditor from "./DraftEditor.svelte";
import PostPeople from "./PostPeople.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

function person(id: number, name: string, minor = false): Person {
  return {
    id,
    name,
    birth_year: null,
    minor,
    notes: "",
    owner: "",
    origin: "manual",
    contacts: [],
    tags: [],
    affiliations: [],
    cadence: { ideal_days: null, max_days: null },
    snoozed_until: null,
    created_at: "2026-01-10T09:00:00Z",
    updated_at: "2026-01-10T09:00:00Z",
  };
}

const PEOPLE: Record<number, Person> = { 4: person(4, "Giulio Bianchi", true), 6: person(6, "Anna Verdi") };

/** A backend holding the post's parties, with a search over two people, an organisation and a message. */
function backend(initial: PostParty[] = [], extra: Handlers = {}) {
  let stored = initial;
  const saved: PostParty[][] = [];
  const handlers: Handlers = {
    post_parties: () => stored,
    get_person: ({ id }) => {
      const found = PEOPLE[id];
      if (!found) throw new BackendError("not_found", "no such person");
      return found;
    },
    // The box only shows an organisation's name.
    get_organisation: ({ id }) => ({ id, name: "Associazione Amici del Libro" }) as Organisation,
    search_people: ({ text }) =>
      text.toLowerCase().startsWith("giu")
        ? [
            { kind: "person", id: 4, title: "Giulio Bianchi" },
            { kind: "organisation", id: 9, title: "Giuria del premio" },
            { kind: "interaction", id: 50, title: "Giulio asked about the photos" },
          ]
        : [],
    set_post_parties: ({ parties }) => {
      saved.push(parties);
      stored = parties;
      return parties;
    },
    ...extra,
  };
  return { handlers, saved };
}

async function renderBox(handlers: Handlers) {
  vi.mocked(call).mockImplementation(fakeCall(handlers));
  const onedit = vi.fn();
  render(PostPeople, { postId: 21, onedit });
  await waitFor(() => expect(screen.getByTestId("post-people-search")).toBeInTheDocument());
  return { onedit };
}

const itemsShown = () =>
  screen.queryAllByTestId("post-people-item").map((i) => `${i.dataset.kind}-${i.dataset.id}-${i.dataset.role}`);

describe("PostPeople", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("adds a featured person found by search and saves at once", async () => {
    const { handlers, saved } = backend([{ party: { kind: "organisation", id: 9 }, role: "partner" }]);
    const { onedit } = await renderBox(handlers);

    const box = screen.getByTestId("post-people");
    expect(box).toHaveTextContent("Featured people need a valid publication consent for each of the post's networks");
    await waitFor(() => expect(itemsShown()).toEqual(["organisation-9-partner"]));
    expect(box).toHaveTextContent("Associazione Amici del Libro");

    const search = screen.getByTestId("post-people-search");
    search.focus();
    await fireEvent.input(search, { target: { value: "giu" } });
    // People and organisations are offered, not messages.
    await waitFor(() => expect(screen.getAllByTestId("post-people-result")).toHaveLength(2));
    const [result, jury] = screen.getAllByTestId("post-people-result");
    expect(result).toHaveAttribute("data-kind", "person");
    expect(result).toHaveAttribute("data-id", "4");
    expect(result).toHaveTextContent("Giulio Bianchi");
    expect(jury).toHaveAttribute("data-kind", "organisation");
    expect(screen.getByTestId("post-people-add-role")).toHaveValue("featured");

    await fireEvent.click(result);
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual([
      { party: { kind: "organisation", id: 9 }, role: "partner" },
      { party: { kind: "person", id: 4 }, role: "featured" },
    ]);
    expect(onedit).toHaveBeenCalled();
    expect(itemsShown()).toEqual(["organisation-9-partner", "person-4-featured"]);
    expect(search).toHaveValue("");
    expect(search).toHaveFocus();
    await waitFor(() => expect(screen.getAllByTestId("post-people-item")[1]).toHaveTextContent("minor: both guardians must consent"));
    expect(session.status?.text).toBe("Giulio Bianchi added to the post (Featured).");

    // Someone already in the post is not added twice.
    await fireEvent.input(search, { target: { value: "giu" } });
    await waitFor(() => expect(screen.getAllByTestId("post-people-result")).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("post-people-result")[1]);
    expect(session.status?.text).toBe("Associazione Amici del Libro is already in this post: change the role in the list above.");
    expect(saved).toHaveLength(1);
  });

  it("says when nobody matches", async () => {
    const { handlers } = backend();
    await renderBox(handlers);
    expect(screen.getByTestId("post-people")).toHaveTextContent("Nobody is linked to this post yet.");
    await fireEvent.input(screen.getByTestId("post-people-search"), { target: { value: "zzz" } });
    await waitFor(() => expect(screen.getByTestId("post-people")).toHaveTextContent("No one matches."));
  });

  it("changes a role and removes someone, saving each change", async () => {
    const { handlers, saved } = backend([
      { party: { kind: "person", id: 4 }, role: "mentioned" },
      { party: { kind: "person", id: 6 }, role: "featured" },
    ]);
    await renderBox(handlers);
    await waitFor(() => expect(itemsShown()).toEqual(["person-4-mentioned", "person-6-featured"]));

    const [giulio] = screen.getAllByTestId("post-people-item");
    const role = within(giulio).getByTestId("post-people-role");
    expect(role).toHaveAccessibleName("Role of Giulio Bianchi");
    await fireEvent.change(role, { target: { value: "featured" } });
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual([
      { party: { kind: "person", id: 4 }, role: "featured" },
      { party: { kind: "person", id: 6 }, role: "featured" },
    ]);
    expect(itemsShown()).toEqual(["person-4-featured", "person-6-featured"]);

    await fireEvent.click(screen.getByRole("button", { name: "Remove Anna Verdi from the post" }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1]).toEqual([{ party: { kind: "person", id: 4 }, role: "featured" }]);
    expect(itemsShown()).toEqual(["person-4-featured"]);
    expect(screen.getByTestId("post-people-remove")).toHaveFocus();
  });

  it("puts back what was saved when the core refuses a change", async () => {
    const { handlers } = backend([{ party: { kind: "person", id: 6 }, role: "featured" }], {
      set_post_parties: () => {
        throw new BackendError("database", "disk full");
      },
    });
    await renderBox(handlers);
    await waitFor(() => expect(itemsShown()).toEqual(["person-6-featured"]));

    await fireEvent.click(screen.getByTestId("post-people-remove"));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("could not be saved"));
    expect(itemsShown()).toEqual(["person-6-featured"]);
  });

  it("offers to try again when who is in the post cannot be loaded", async () => {
    let fail = true;
    const { handlers } = backend([{ party: { kind: "person", id: 6 }, role: "featured" }]);
    vi.mocked(call).mockImplementation(
      fakeCall({
        ...handlers,
        post_parties: (args) => {
          if (fail) throw new BackendError("database", "locked");
          return handlers.post_parties!(args);
        },
      }),
    );
    render(PostPeople, { postId: 21 });
    await waitFor(() => expect(screen.getByTestId("post-people")).toHaveTextContent("could not be loaded"));
    fail = false;
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(itemsShown()).toEqual(["person-6-featured"]));
  });
});

// — the consent rule in the editor —

const CONSENT_MESSAGE =
  "the post cannot become ready: Giulio Bianchi lacks both guardians' publication consent for mastodon on 2026-12-01";

function view(text: string): DraftView {
  return {
    post: {
      id: 21,
      campaign_id: null,
      category_id: 1,
      event_id: null,
      planned_at: "2026-12-01T09:00:00Z",
      planned_local: "2026-12-01T10:00:00",
      state: "draft",
      channels: [{ network: "mastodon", text }],
      edited: false,
      created_at: "2026-03-01T09:00:00Z",
      updated_at: "2026-03-01T09:00:00Z",
    },
    content: { text, lang: "it", variants: [{ network: "mastodon", text, custom: false }], images: [] },
    ready_override: null,
  };
}

/** A checker that finds one error («utenti») and nothing else. */
function check({ draft }: { draft: DraftCheck }): CheckReport {
  const at = draft.text.indexOf("utenti");
  return {
    lang: "it",
    lang_detected: false,
    findings:
      at < 0
        ? []
        : [{ rule: "no-utenti", level: "error", message: "Write «lettori».", explanation: "", link: null, start: at, end: at + 6, suggestion: null, fix: null }],
    metrics: { words: 3, sentences: 1, letters: 12, syllables: 5, gulpease: null, flesch: null },
    networks: { mastodon: { length: draft.text.length, limit: 500, unit: "graphemes", fits: true, cut_at: null, also: [], parts: [] } },
  };
}

async function renderEditor(text: string, setState: Handlers["set_post_state"]) {
  const { handlers } = backend([{ party: { kind: "person", id: 4 }, role: "featured" }]);
  vi.mocked(call).mockImplementation(fakeCall({ ...handlers, check_draft: check, set_post_state: setState }));
  render(DraftEditor, { view: view(text), profile, guide: null, onupdate: vi.fn() });
  await waitFor(() => expect(itemsShown()).toEqual(["person-4-featured"]));
  await waitFor(() => expect(vi.mocked(call).mock.calls.some(([command]) => command === "check_draft")).toBe(true));
}

const refuse = vi.fn((_args: { id: number; state: PostState; override_reason: string | null }): DraftView => {
  throw new BackendError("consent_missing", CONSENT_MESSAGE, null, [
    { person_id: 4, name: "Giulio Bianchi", network: "mastodon", day: "2026-12-01", minor: true },
  ]);
});

describe("marking a post with a featured person ready", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
    refuse.mockClear();
  });

  it("shows the core's refusal in the editor, with the way to People", async () => {
    await renderEditor("Che cosa leggete?", refuse);

    await fireEvent.click(screen.getByTestId("state-ready"));
    const blocked = await screen.findByTestId("consent-blocked");
    expect(refuse).toHaveBeenCalledWith({ id: 21, state: "ready", override_reason: null });
    expect(within(blocked).getByRole("alert")).toHaveTextContent("This post cannot be marked as ready yet.");
    expect(within(blocked).getByTestId("consent-gaps")).toHaveTextContent(
      "Giulio Bianchi is a minor: the consent of both guardians must cover Mastodon on December 1, 2026.",
    );
    expect(blocked).toHaveTextContent("No reason can override this.");
    expect(blocked).toHaveFocus();
    expect(screen.queryByTestId("override-dialog")).toBeNull();
    expect(screen.getByTestId("draft-state")).toHaveAttribute("data-state", "draft");

    await fireEvent.click(within(blocked).getByRole("button", { name: "Open Giulio Bianchi" }));
    expect(session.section).toBe("people");
  });

  it("closes the override dialog when the refusal is about consent", async () => {
    await renderEditor("Gli utenti leggono", refuse);

    await fireEvent.click(screen.getByTestId("state-ready"));
    await screen.findByTestId("override-dialog");
    await fireEvent.input(screen.getByTestId("override-reason"), { target: { value: "Quoting the regulation" } });
    await fireEvent.click(screen.getByTestId("override-confirm"));

    await waitFor(() => expect(screen.queryByTestId("override-dialog")).toBeNull());
    expect(refuse).toHaveBeenCalledWith({ id: 21, state: "ready", override_reason: "Quoting the regulation" });
    expect(screen.getByTestId("consent-blocked")).toHaveTextContent("the consent of both guardians must cover Mastodon");
  });

  it("clears the refusal once who is featured changes", async () => {
    await renderEditor("Che cosa leggete?", refuse);
    await fireEvent.click(screen.getByTestId("state-ready"));
    await screen.findByTestId("consent-blocked");

    await fireEvent.change(screen.getByTestId("post-people-role"), { target: { value: "mentioned" } });
    await waitFor(() => expect(screen.queryByTestId("consent-blocked")).toBeNull());
  });
});
