// People & partners against a scripted backend: the lists and the search, the person form and the core's
// field errors, the quick log and the timeline, consent (a minor's guardians, withdrawal) and erasure.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { ConsentInput } from "$lib/bindings/ConsentInput";
import type { ConsentRecord } from "$lib/bindings/ConsentRecord";
import type { Interaction } from "$lib/bindings/Interaction";
import type { InteractionInput } from "$lib/bindings/InteractionInput";
import type { Organisation } from "$lib/bindings/Organisation";
import type { Page } from "$lib/bindings/Page";
import type { Person } from "$lib/bindings/Person";
import type { PersonInput } from "$lib/bindings/PersonInput";
import type { PersonSummary } from "$lib/bindings/PersonSummary";
import { openParty } from "$lib/components/people/openParty.svelte";
import { applyStartup, session } from "$lib/session.svelte";
import { fakeCall, readyStartup, resetSession, type Handlers } from "../test/fixtures";
import People from "./People.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const maria: Person = {
  id: 4,
  name: "Maria Rossi",
  birth_year: null,
  minor: false,
  notes: "",
  owner: "Giulia",
  origin: "manual",
  contacts: [{ kind: "email", network: null, value: "maria@scuola.it" }],
  tags: ["teachers"],
  affiliations: [{ organisation_id: 9, organisation: "IC Carducci", role: "teacher", from: null, to: null }],
  cadence: { ideal_days: 30, max_days: 60 },
  snoozed_until: null,
  created_at: "2026-01-10T09:00:00Z",
  updated_at: "2026-01-10T09:00:00Z",
};

const luca: Person = { ...maria, id: 5, name: "Luca Bianchi", minor: true, contacts: [], affiliations: [], tags: [] };

const carducci: Organisation = {
  id: 9,
  name: "IC Carducci",
  kind: "school",
  notes: "",
  owner: "",
  contacts: [],
  tags: [],
  cadence: { ideal_days: null, max_days: null },
  snoozed_until: null,
  members: [{ person_id: 4, name: "Maria Rossi", role: "teacher", from: null, to: null }],
  created_at: "2026-01-10T09:00:00Z",
  updated_at: "2026-01-10T09:00:00Z",
};

const summary = (p: Person): PersonSummary => ({
  id: p.id,
  name: p.name,
  minor: p.minor,
  organisations: p.affiliations.map((a) => a.organisation),
});

function interaction(overrides: Partial<Interaction> = {}): Interaction {
  return {
    id: 70,
    occurred_at: "2026-02-20T09:00:00Z",
    occurred_local: "2026-02-20T10:00:00",
    channel: "email",
    direction: "inbound",
    summary: "Asked about the class visit",
    awaiting_reply: true,
    amplified: false,
    campaign_id: null,
    post_id: null,
    event_id: null,
    participants: [{ party: { kind: "person", id: 4 }, name: "Maria Rossi", role: "" }],
    ...overrides,
  };
}

function setup(extra: Handlers = {}) {
  vi.mocked(call).mockImplementation(
    fakeCall({
      list_people: () => [summary(maria), summary(luca)],
      list_organisations: () => [{ id: 9, name: "IC Carducci", kind: "school", members: 1 }],
      get_person: ({ id }) => (id === luca.id ? luca : maria),
      get_organisation: () => carducci,
      timeline: () => [interaction()],
      list_consents: () => [],
      list_campaigns: () => [],
      reciprocity: () => ({ ours: 2, theirs: 1, days_since_our_unanswered: 5, amplifications: 1 }),
      ...extra,
    }),
  );
  applyStartup(readyStartup());
  return render(People);
}

const byId = (id: string) => document.getElementById(id) as HTMLInputElement;

async function openMaria() {
  await fireEvent.click(await screen.findByText("Maria Rossi"));
  return await screen.findByTestId("person-page");
}

describe("People & partners", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("invites the first partner when there is no one yet", async () => {
    setup({ list_people: () => [], list_organisations: () => [] });
    const empty = await screen.findByTestId("people-empty");
    expect(empty).toHaveTextContent("Nati per Leggere");
    expect(within(empty).getByTestId("person-add")).toBeInTheDocument();
    expect(within(empty).getByTestId("org-add")).toBeInTheDocument();
  });

  it("lists people and organisations a page at a time", async () => {
    const pages: Page[] = [];
    const many = Array.from({ length: 50 }, (_, i) => ({ id: 100 + i, name: `Persona ${i}`, minor: false, organisations: [] }));
    setup({
      list_people: ({ page }) => {
        pages.push(page);
        return page.offset === 0 ? many : [summary(maria)];
      },
    });
    expect(await screen.findAllByTestId("person-item")).toHaveLength(50);
    await fireEvent.click(screen.getByTestId("person-item-more"));
    await waitFor(() => expect(screen.getAllByTestId("person-item")).toHaveLength(51));
    expect(pages).toEqual([
      { offset: 0, limit: 50 },
      { offset: 50, limit: 50 },
    ]);
    expect(screen.queryByTestId("person-item-more")).not.toBeInTheDocument();

    await fireEvent.click(screen.getByTestId("people-tab-organisations"));
    const org = screen.getByTestId("org-item");
    expect(org).toHaveAttribute("data-id", "9");
    expect(org).toHaveTextContent("School");
    expect(screen.getByTestId("people-tab-organisations")).toHaveAttribute("aria-selected", "true");
  });

  it("searches as the officer types, keeps only the newest answer, and opens a person", async () => {
    let release: () => void = () => {};
    const search = vi.fn(({ text }: { text: string }) =>
      text === "ma"
        ? new Promise<never[]>((resolve) => (release = () => resolve([])))
        : [
            { kind: "person" as const, id: 4, title: "Maria Rossi" },
            { kind: "organisation" as const, id: 9, title: "IC Carducci" },
            { kind: "interaction" as const, id: 70, title: "Asked about the class visit" },
          ],
    );
    setup({ search_people: search });
    const box = await screen.findByTestId("people-search");
    await fireEvent.input(box, { target: { value: "ma" } });
    await fireEvent.input(box, { target: { value: "mar" } });
    const results = await screen.findAllByTestId("search-result");
    release();
    await Promise.resolve();
    expect(screen.getAllByTestId("search-result")).toHaveLength(3);
    expect(results.map((r) => r.getAttribute("data-kind"))).toEqual(["person", "organisation", "interaction"]);
    expect(results[0]).toHaveAttribute("data-id", "4");
    expect(box).toHaveAttribute("aria-activedescendant", results[0].id);

    await fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(box).toHaveAttribute("aria-activedescendant", results[1].id);
    await fireEvent.keyDown(box, { key: "ArrowUp" });
    await fireEvent.keyDown(box, { key: "Enter" });

    const page = await screen.findByTestId("person-page");
    expect(page).toHaveAttribute("data-id", "4");
    expect(page).toHaveTextContent("maria@scuola.it");
    expect(page).toHaveTextContent("Ideally every month, never more than 2 months without news.");
    expect(screen.getByRole("heading", { level: 2, name: "Maria Rossi" })).toHaveFocus();
    expect(box).toHaveValue("");
    expect(vi.mocked(call)).toHaveBeenCalledWith("timeline", {
      party: { kind: "person", id: 4 },
      filter: { channel: null, campaign_id: null },
      page: { offset: 0, limit: 50 },
    });

    // The organisation is one click away, and the way back leads to the list.
    await fireEvent.click(within(page).getByTestId("affiliation-link"));
    expect(await screen.findByTestId("org-page")).toHaveAttribute("data-id", "9");
    expect(screen.getByTestId("org-members")).toHaveTextContent("Maria Rossi");
    await fireEvent.click(screen.getByTestId("org-back"));
    expect(await screen.findByTestId("org-item")).toHaveFocus();
  });

  it("opens a conversation found by search, marks it answered and goes to who wrote", async () => {
    const found = interaction({ id: 70, summary: "Asked about the class visit", awaiting_reply: true });
    const setAwaiting = vi.fn(() => true);
    setup({
      search_people: () => [{ kind: "interaction" as const, id: 70, title: "Asked about the class visit" }],
      get_interaction: ({ id }) => ({ ...found, id }),
      set_awaiting_reply: setAwaiting,
    });
    const box = await screen.findByTestId("people-search");
    await fireEvent.input(box, { target: { value: "class" } });
    await fireEvent.click(await screen.findByTestId("search-result"));

    const dialog = await screen.findByTestId("conversation");
    await waitFor(() => expect(within(dialog).getByTestId("conversation-body")).toHaveAttribute("data-id", "70"));
    expect(dialog).toHaveTextContent("Asked about the class visit");
    await fireEvent.click(within(dialog).getByTestId("conversation-answered"));
    expect(setAwaiting).toHaveBeenCalledWith({ id: 70, awaiting: false });
    await waitFor(() => expect(within(dialog).queryByTestId("conversation-awaiting")).toBeNull());

    await fireEvent.click(within(dialog).getByTestId("conversation-open"));
    expect(screen.queryByTestId("conversation")).toBeNull();
    expect(await screen.findByTestId("person-page")).toHaveAttribute("data-id", "4");
    const figures = await screen.findByTestId("reciprocity-ours");
    expect(figures).toHaveAttribute("data-value", "2");
    expect(screen.getByTestId("reciprocity-balance")).toHaveTextContent("We write far more than they do");
  });

  it("proposes quiet social-media contacts for deletion and erases the ones ticked after a second confirmation", async () => {
    const candidates = [
      { id: 31, name: "Follower silenzioso", last_interaction: null },
      { id: 32, name: "Vecchio commentatore", last_interaction: "2023-05-02T08:00:00Z" },
    ];
    const erased: number[] = [];
    const asked: number[] = [];
    setup({
      retention_candidates: ({ months }) => {
        asked.push(months);
        return candidates.filter((c) => !erased.includes(c.id));
      },
      erase_person: ({ id }) => {
        erased.push(id);
        return { interactions_deleted: 0, mentions_replaced: 0 };
      },
    });
    await fireEvent.click(await screen.findByTestId("retention-open"));
    const dialog = await screen.findByTestId("retention");
    expect(await within(dialog).findAllByTestId("retention-candidate")).toHaveLength(2);
    expect(dialog).toHaveTextContent("never in a conversation");
    expect(asked).toEqual([24]);
    await fireEvent.change(byId("retention-months"), { target: { value: "36" } });
    await waitFor(() => expect(asked).toEqual([24, 36]));

    const erase = within(dialog).getByTestId("retention-erase");
    expect(erase).toBeDisabled();
    await fireEvent.click(within(dialog).getAllByTestId("retention-choose")[0]);
    await fireEvent.click(erase);
    expect(erased).toEqual([]);
    await fireEvent.click(within(dialog).getByTestId("retention-erase-confirm"));
    await waitFor(() => expect(within(dialog).getAllByTestId("retention-candidate")).toHaveLength(1));
    expect(erased).toEqual([31]);
  });

  it("adds a person with a contact and an organisation picked by search, and shows the core's field errors", async () => {
    const inputs: PersonInput[] = [];
    const add = vi.fn(({ person }: { person: PersonInput }) => {
      inputs.push(person);
      if (inputs.length === 1) throw new BackendError("invalid_input", "must look like @name@server", "contacts[0]");
      return { ...maria, id: 12, name: person.name };
    });
    setup({
      add_person: add,
      search_people: () => [
        { kind: "person", id: 4, title: "Maria Rossi" },
        { kind: "organisation", id: 9, title: "IC Carducci" },
      ],
    });
    await fireEvent.click(await screen.findByTestId("person-add"));
    const form = screen.getByTestId("person-form");

    await fireEvent.input(byId("person-name"), { target: { value: "  Anna Verdi " } });
    await fireEvent.input(byId("person-birth-year"), { target: { value: "1980" } });
    await fireEvent.click(within(form).getByTestId("contact-add"));
    await fireEvent.change(within(form).getByTestId("contact-kind"), { target: { value: "handle" } });
    await fireEvent.change(within(form).getByTestId("contact-network"), { target: { value: "instagram" } });
    await fireEvent.input(within(form).getByTestId("contact-value"), { target: { value: "@anna.legge" } });
    await fireEvent.click(within(form).getByTestId("affiliation-add"));
    await fireEvent.input(within(form).getByTestId("affiliation-org"), { target: { value: "carducci" } });
    const options = await within(form).findAllByTestId("affiliation-org-option");
    expect(options).toHaveLength(1);
    await fireEvent.click(options[0]);
    expect(within(form).getByTestId("affiliation-org")).toHaveValue("IC Carducci");
    await fireEvent.input(within(form).getByTestId("affiliation-role"), { target: { value: "librarian" } });
    await fireEvent.input(byId("person-tags"), { target: { value: "volontari, Volontari, lettura" } });
    await fireEvent.input(byId("person-ideal-days"), { target: { value: "30" } });

    await fireEvent.click(screen.getByTestId("person-save"));
    await waitFor(() => expect(add).toHaveBeenCalledTimes(1));
    expect(inputs[0]).toEqual({
      name: "Anna Verdi",
      birth_year: 1980,
      minor: false,
      notes: "",
      owner: "",
      contacts: [{ kind: "handle", network: "instagram", value: "@anna.legge" }],
      tags: ["volontari", "lettura"],
      affiliations: [{ organisation_id: 9, role: "librarian", from: null, to: null }],
      cadence: { ideal_days: 30, max_days: null },
    } satisfies PersonInput);

    // The core refused the handle: the message is under that row and the focus on it.
    await waitFor(() => expect(byId("person-contact-value-0")).toHaveAttribute("aria-invalid", "true"));
    expect(byId("person-contact-error-0")).toHaveTextContent("Write the handle without spaces.");
    expect(byId("person-contact-value-0")).toHaveFocus();

    await fireEvent.click(screen.getByTestId("person-save"));
    expect(await screen.findByTestId("person-page")).toHaveAttribute("data-id", "12");
    expect(screen.queryByTestId("person-form")).not.toBeInTheDocument();
    expect(session.status?.text).toBe("Anna Verdi saved.");
  });

  it("checks the form before sending: a missing name, an organisation not picked", async () => {
    const add = vi.fn(() => maria);
    setup({ add_person: add });
    await fireEvent.click(await screen.findByTestId("person-add"));
    await fireEvent.click(screen.getByTestId("person-save"));
    expect(byId("person-name")).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(byId("person-name")).toHaveFocus());
    expect(byId("person-name-error")).toHaveTextContent("Enter a name");

    await fireEvent.input(byId("person-name"), { target: { value: "Anna Verdi" } });
    await fireEvent.click(screen.getByTestId("affiliation-add"));
    await fireEvent.click(screen.getByTestId("person-save"));
    expect(byId("affiliation-error-0")).toHaveTextContent("Choose the organisation from the search results.");
    expect(add).not.toHaveBeenCalled();
  });

  it("logs a conversation from the quick log with the person as participant, and marks one answered", async () => {
    const logged: InteractionInput[] = [];
    const setAwaiting = vi.fn((_: { id: number; awaiting: boolean }) => false);
    setup({
      log_interaction: ({ interaction: input }) => {
        logged.push(input);
        return interaction({
          id: 71,
          occurred_at: "2026-03-01T09:00:00Z",
          occurred_local: "2026-03-01T10:00:00",
          channel: input.channel,
          direction: input.direction,
          summary: input.summary,
          awaiting_reply: input.awaiting_reply,
        });
      },
      set_awaiting_reply: setAwaiting,
    });
    await openMaria();
    expect(await screen.findByTestId("timeline-entry")).toHaveAttribute("data-awaiting", "true");

    await fireEvent.change(screen.getByTestId("log-channel"), { target: { value: "phone" } });
    await fireEvent.change(screen.getByTestId("log-direction"), { target: { value: "outbound" } });
    expect(screen.getByTestId("log-awaiting")).toBeDisabled();
    await fireEvent.input(screen.getByTestId("log-summary"), { target: { value: "Confirmed the class visit" } });
    await fireEvent.submit(screen.getByTestId("log-summary").closest("form")!);

    await waitFor(() => expect(screen.getAllByTestId("timeline-entry")).toHaveLength(2));
    expect(logged[0]).toEqual({
      occurred_at: null,
      channel: "phone",
      direction: "outbound",
      summary: "Confirmed the class visit",
      awaiting_reply: false,
      amplified: false,
      campaign_id: null,
      post_id: null,
      event_id: null,
      participants: [{ party: { kind: "person", id: 4 }, role: "" }],
      answers: null,
    } satisfies InteractionInput);
    const [newest, older] = screen.getAllByTestId("timeline-entry");
    expect(newest).toHaveAttribute("data-id", "71");
    expect(newest).toHaveTextContent("From us");
    expect(newest).toHaveTextContent("Phone");
    expect(screen.getByTestId("log-summary")).toHaveValue("");
    expect(screen.getByTestId("log-summary")).toHaveFocus();

    await fireEvent.click(within(older).getByTestId("mark-answered"));
    await waitFor(() => expect(older).toHaveAttribute("data-awaiting", "false"));
    expect(setAwaiting).toHaveBeenCalledWith({ id: 70, awaiting: false });
    expect(within(older).queryByTestId("mark-answered")).not.toBeInTheDocument();
  });

  it("asks only a minor's guardians for consent and says both are needed", async () => {
    const added: ConsentInput[] = [];
    setup({
      list_consents: () => [],
      add_consent: ({ consent }) => {
        added.push(consent);
        if (added.length === 1) throw new BackendError("invalid_input", "expires before given", "expires_on");
        return { ...consent, id: 3, withdrawn_on: null } satisfies ConsentRecord;
      },
    });
    await fireEvent.click(await screen.findByText("Luca Bianchi"));
    expect(await screen.findByTestId("consent-panel")).toHaveTextContent("Luca Bianchi is a minor");
    await fireEvent.click(screen.getByTestId("consent-add"));

    const givenBy = screen.getByTestId("consent-given-by");
    expect([...givenBy.querySelectorAll("option")].map((o) => o.value)).toEqual(["guardian1", "guardian2"]);
    expect(screen.getByTestId("consent-form")).toHaveTextContent("both are needed for publication");

    await fireEvent.click(screen.getByTestId("consent-save"));
    expect(byId("consent-scope-error")).toHaveTextContent("Tick at least one network");

    await fireEvent.click(screen.getByTestId("consent-network-instagram"));
    await fireEvent.click(screen.getByTestId("consent-website"));
    await fireEvent.change(givenBy, { target: { value: "guardian2" } });
    await fireEvent.input(screen.getByTestId("consent-given-on"), { target: { value: "2026-01-10" } });
    await fireEvent.input(screen.getByTestId("consent-evidence"), { target: { value: "Folder 2026/14" } });
    await fireEvent.input(screen.getByTestId("consent-expires"), { target: { value: "2099-06-30" } });
    await fireEvent.click(screen.getByTestId("consent-save"));

    await waitFor(() => expect(added).toHaveLength(1));
    expect(added[0]).toEqual({
      person_id: 5,
      purpose: "publication_image",
      scope: { networks: ["instagram"], website: true, print: false },
      given_by: "guardian2",
      given_on: "2026-01-10",
      method: "",
      evidence_ref: "Folder 2026/14",
      expires_on: "2099-06-30",
    } satisfies ConsentInput);
    await waitFor(() => expect(screen.getByTestId("consent-expires")).toHaveFocus());
    expect(byId("consent-expires-error")).toHaveTextContent("cannot come before");

    await fireEvent.click(screen.getByTestId("consent-save"));
    const record = await screen.findByTestId("consent-record");
    expect(record).toHaveAttribute("data-status", "valid");
    expect(record).toHaveTextContent("Parent or guardian 2");
    expect(screen.getByTestId("consent-half")).toHaveTextContent("only one guardian has consented");
  });

  it("shows consent status and lists the published posts to take down after a withdrawal", async () => {
    const base: ConsentRecord = {
      id: 1,
      person_id: 4,
      purpose: "publication_image",
      scope: { networks: ["instagram"], website: false, print: true },
      given_by: "self",
      given_on: "2025-01-10",
      method: "signed form",
      evidence_ref: "Folder 2025/3",
      expires_on: null,
      withdrawn_on: null,
    };
    const withdraw = vi.fn(({ id, on }: { id: number; on: string }) => ({
      consent: { ...base, id, withdrawn_on: on },
      published_posts: [{ post_id: 11, networks: ["instagram" as const], text: "Maria reads to the class" }],
    }));
    setup({
      list_consents: () => [base, { ...base, id: 2, purpose: "contact", expires_on: "2025-06-30" }],
      withdraw_consent: withdraw,
    });
    await openMaria();
    const records = await screen.findAllByTestId("consent-record");
    expect(records.map((r) => r.getAttribute("data-status"))).toEqual(["valid", "expired"]);
    expect(records[0]).toHaveTextContent("Instagram, Print (posters, leaflets)");

    await fireEvent.click(within(records[0]).getByTestId("consent-withdraw"));
    await fireEvent.input(screen.getByTestId("withdraw-on"), { target: { value: "2026-02-01" } });
    await fireEvent.click(screen.getByTestId("withdraw-confirm"));

    expect(await screen.findByTestId("withdraw-result")).toHaveTextContent("Review them and take them down");
    expect(screen.getByTestId("withdraw-post")).toHaveTextContent("Maria reads to the class");
    expect(withdraw).toHaveBeenCalledWith({ id: 1, on: "2026-02-01" });
    await fireEvent.click(screen.getByTestId("withdraw-close"));
    expect(screen.getAllByTestId("consent-record")[0]).toHaveAttribute("data-status", "withdrawn");
  });

  it("erases a person only once their name is typed, then returns to the list with the report", async () => {
    const erase = vi.fn((_: { id: number }) => ({ interactions_deleted: 3, mentions_replaced: 2 }));
    setup({ erase_person: erase });
    await openMaria();
    await fireEvent.click(screen.getByTestId("person-erase"));
    const dialog = screen.getByRole("dialog", { name: "Erase Maria Rossi?" });
    expect(dialog).toHaveTextContent("replaced by “[…]”");
    const confirm = screen.getByTestId("erase-confirm");
    expect(confirm).toBeDisabled();

    await fireEvent.input(screen.getByTestId("erase-confirm-name"), { target: { value: "Maria" } });
    expect(confirm).toBeDisabled();
    await fireEvent.input(screen.getByTestId("erase-confirm-name"), { target: { value: "maria rossi" } });
    expect(confirm).toBeEnabled();
    await fireEvent.click(confirm);

    await waitFor(() => expect(erase).toHaveBeenCalledWith({ id: 4 }));
    const report = await screen.findByTestId("erasure-report");
    expect(report).toHaveTextContent("Conversations deleted: 3");
    expect(report).toHaveTextContent("“[…]”: 2");
    expect(screen.queryByTestId("person-page")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("person-item").map((i) => i.getAttribute("data-id"))).toEqual(["5"]);
    expect(session.status?.text).toBe("Maria Rossi has been erased.");
  });

  it("opens an organisation asked for from elsewhere and logs with the organisation as participant", async () => {
    const logged: InteractionInput[] = [];
    setup({
      log_interaction: ({ interaction: input }) => {
        logged.push(input);
        return interaction({ id: 72, summary: input.summary, awaiting_reply: false });
      },
    });
    await screen.findAllByTestId("person-item");
    openParty({ kind: "organisation", id: 9 });
    expect(await screen.findByTestId("org-page")).toHaveAttribute("data-id", "9");
    await fireEvent.input(screen.getByTestId("log-summary"), { target: { value: "Planned the spring readings" } });
    await fireEvent.click(screen.getByTestId("log-submit"));
    await waitFor(() => expect(logged).toHaveLength(1));
    expect(logged[0].participants).toEqual([{ party: { kind: "organisation", id: 9 }, role: "" }]);
    expect(session.section).toBe("people");
  });
});
