// The voice guide editor against a scripted backend: rules as cards, the rule form (save, refusal kept in
// the form, edit, delete), the built-in checks, tone and words, templates, identity, and the File tab
// (a refused file with its line and column, the examples' test, import, export and reset).
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call, chooseGuideExportPath, pickGuideFile } from "$lib/backend";
import type { GuideDocument } from "$lib/bindings/GuideDocument";
import type { VoiceGuide } from "$lib/bindings/VoiceGuide";
import { setLanguage } from "$lib/i18n/index.svelte";
import { applyStartup, session } from "$lib/session.svelte";
import { fakeCall, profile, readyStartup, resetSession, type Handlers } from "../test/fixtures";
import VoiceGuideSection from "./VoiceGuide.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
  pickGuideFile: vi.fn(),
  chooseGuideExportPath: vi.fn(),
}));

function sampleGuide(): VoiceGuide {
  return {
    format: 1,
    identity: { library: "Biblioteca civica di Lodi", signature: "", languages: ["it", "en"], handles: {} },
    tone: [
      {
        name: "Vicina",
        lang: "it",
        description: "Parliamo alle persone come a vicini di casa.",
        good: ["Voi ricordate il vostro primo libro?"],
        bad: ["Si comunica all'utenza che…"],
      },
    ],
    terminology: [{ term: "lettori", meaning: "Chi frequenta la biblioteca.", lang: "it" }],
    rules: [
      {
        id: "lettori-non-utenti",
        kind: "prefer",
        level: "suggestion",
        message: "Diciamo «lettori», non «utenti».",
        explanation: "",
        link: null,
        lang: "it",
        networks: [],
        good: ["I lettori possono prenotare."],
        bad: ["Gli utenti possono prenotare."],
        replace: { utenti: "lettori" },
      },
      {
        id: "hashtag-misura",
        kind: "count",
        level: "warning",
        message: "Three hashtags at most.",
        explanation: "",
        link: null,
        lang: null,
        networks: ["x", "mastodon"],
        good: [],
        bad: ["#a #b #c #d"],
        what: "hashtags",
        min: null,
        max: 3,
      },
    ],
    builtin: { "a11y.all_caps": { enabled: false, level: null, phrases: [], alternatives: {} } },
    templates: [{ name: "Domanda aperta", lang: "it", text: "E voi, cosa state leggendo?", snippet: true }],
  };
}

const SOURCE = 'format = 1\n\n[identity]\nlibrary = "Biblioteca civica di Lodi"\n';

function document_(guide: VoiceGuide = sampleGuide(), updated_at: string | null = null): GuideDocument {
  return { source: SOURCE, guide, updated_at };
}

/** A fake `save_voice_guide` that stores what it is given. */
function saving() {
  return vi.fn(({ guide }: { guide: VoiceGuide }): GuideDocument => document_(guide, "2026-03-02T09:30:00Z"));
}

async function setup(extra: Handlers = {}, doc: GuideDocument = document_()) {
  vi.mocked(call).mockImplementation(fakeCall({ voice_guide: () => doc, ...extra }));
  applyStartup(readyStartup());
  render(VoiceGuideSection, { profile });
  await screen.findByTestId("voice-tab-rules");
}

const field = <T extends HTMLElement = HTMLInputElement>(id: string) => document.getElementById(id) as T;
const card = (id: string) => document.querySelector(`[data-testid="rule-card"][data-rule-id="${id}"]`) as HTMLElement;

describe("Voice guide: rules", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("shows the starter guide's rules as cards grouped by kind", async () => {
    await setup();
    expect(screen.getByTestId("voice-origin")).toHaveTextContent("You are using Agora's starter guide.");
    expect(screen.getByTestId("voice-tab-rules")).toHaveAttribute("aria-selected", "true");
    expect(screen.getAllByTestId("rule-card")).toHaveLength(2);

    const prefer = card("lettori-non-utenti");
    expect(prefer).toHaveTextContent("Suggestion");
    expect(prefer).toHaveTextContent("Diciamo «lettori», non «utenti».");
    expect(prefer).toHaveTextContent("Prefer “lettori” to “utenti”");
    expect(prefer).toHaveTextContent("Posts in Italian · every network");

    const count = card("hashtag-misura");
    expect(count).toHaveTextContent("Warning");
    expect(count).toHaveTextContent("At most 3 hashtags");
    expect(count).toHaveTextContent("only on X and Mastodon");
    expect(screen.getByRole("heading", { level: 2, name: /Preferred words/ })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: /How many/ })).toBeInTheDocument();
  });

  it("says when the guide is the library's own", async () => {
    await setup({}, document_(sampleGuide(), "2026-03-02T09:30:00Z"));
    expect(screen.getByTestId("voice-origin")).toHaveTextContent("Your library's own guide, last saved");
  });

  it("adds a forbid rule: sends the whole guide with it and shows its card", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });

    await fireEvent.click(screen.getByTestId("voice-add-rule"));
    const form = screen.getByTestId("rule-form");
    expect(screen.getByTestId<HTMLSelectElement>("rule-kind").value).toBe("forbid");
    expect(form).toHaveTextContent("Flags words, phrases or patterns the library does not use.");

    await fireEvent.input(screen.getByTestId("rule-message"), { target: { value: "Niente superlativi da pubblicità." } });
    expect(screen.getByTestId<HTMLInputElement>("rule-id").value).toBe("niente-superlativi-da-pubblicita");
    await fireEvent.change(screen.getByTestId("rule-level"), { target: { value: "suggestion" } });
    await fireEvent.input(screen.getByTestId("rule-terms"), { target: { value: "imperdibile\nincredibile\n" } });
    await fireEvent.input(field("rule-except"), { target: { value: "incredibile ma vero" } });
    await fireEvent.change(field("rule-lang"), { target: { value: "it" } });
    await fireEvent.input(field("rule-bad"), { target: { value: "Un incontro imperdibile!" } });
    await fireEvent.click(screen.getByTestId("rule-save"));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const sent = save.mock.calls[0][0].guide;
    expect(sent.rules.slice(0, 2)).toEqual(sampleGuide().rules);
    expect(sent.rules[2]).toEqual({
      id: "niente-superlativi-da-pubblicita",
      level: "suggestion",
      message: "Niente superlativi da pubblicità.",
      explanation: "",
      link: null,
      lang: "it",
      networks: [],
      good: [],
      bad: ["Un incontro imperdibile!"],
      kind: "forbid",
      terms: ["imperdibile", "incredibile"],
      patterns: [],
      except: ["incredibile ma vero"],
    });
    expect({ ...sent, rules: [] }).toEqual({ ...sampleGuide(), rules: [] });

    await waitFor(() => expect(screen.queryByTestId("rule-form")).not.toBeInTheDocument());
    const added = card("niente-superlativi-da-pubblicita");
    expect(added).toHaveTextContent("Avoid “imperdibile” and “incredibile” (fine in “incredibile ma vero”)");
    expect(session.status?.text).toBe("Rule saved: Niente superlativi da pubblicità.");
    expect(screen.getByTestId("voice-origin")).toHaveTextContent("Your library's own guide");
  });

  it("keeps the form open with everything typed when the guide is refused", async () => {
    const message =
      'voice guide:41:1: rule "no-bang": pattern "(" is not a valid regular expression: regex parse error: unclosed group';
    const save = vi.fn((_: { guide: VoiceGuide }): GuideDocument => {
      throw new BackendError("guide_invalid", message, "no-bang");
    });
    await setup({ save_voice_guide: save });

    await fireEvent.click(screen.getByTestId("voice-add-rule"));
    await fireEvent.input(screen.getByTestId("rule-message"), { target: { value: "No shouting" } });
    await fireEvent.input(screen.getByTestId("rule-id"), { target: { value: "no-bang" } });
    await fireEvent.input(field("rule-patterns"), { target: { value: "(" } });
    await fireEvent.click(screen.getByTestId("rule-save"));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(field("rule-patterns")).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByTestId("rule-form")).toBeInTheDocument();
    expect(document.getElementById("rule-patterns-error")).toHaveTextContent(message);
    expect(screen.getByTestId("rule-form-error")).toHaveTextContent("The voice guide has a mistake; nothing was changed.");
    expect(field("rule-patterns")).toHaveFocus();
    expect(screen.getByTestId<HTMLInputElement>("rule-message").value).toBe("No shouting");
    expect(screen.getByTestId<HTMLInputElement>("rule-id").value).toBe("no-bang");
    expect(field<HTMLTextAreaElement>("rule-patterns").value).toBe("(");
    expect(screen.getAllByTestId("rule-card")).toHaveLength(2);
  });

  it("shows a refusal it cannot place in full below the form", async () => {
    const message = "voice guide:1:1: format 2 is newer than this Agora understands (1)";
    const save = vi.fn((_: { guide: VoiceGuide }): GuideDocument => {
      throw new BackendError("guide_invalid", message, null);
    });
    await setup({ save_voice_guide: save });
    await fireEvent.click(screen.getByTestId("voice-add-rule"));
    await fireEvent.input(screen.getByTestId("rule-message"), { target: { value: "Something" } });
    await fireEvent.input(screen.getByTestId("rule-terms"), { target: { value: "x" } });
    await fireEvent.click(screen.getByTestId("rule-save"));

    await waitFor(() => expect(screen.getByTestId("rule-form-error")).toHaveTextContent(message));
    expect(screen.getByTestId("rule-form")).toBeInTheDocument();
  });

  it("checks the form before asking the core", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });
    await fireEvent.click(screen.getByTestId("voice-add-rule"));
    await fireEvent.input(screen.getByTestId("rule-message"), { target: { value: "Three hashtags at most." } });
    await fireEvent.click(screen.getByTestId("rule-save"));

    expect(screen.getByTestId<HTMLInputElement>("rule-id").value).toBe("three-hashtags-at-most");
    await waitFor(() => expect(screen.getByTestId("rule-terms")).toHaveAttribute("aria-invalid", "true"));
    expect(document.getElementById("rule-terms-error")).toHaveTextContent("Write at least one word or phrase to avoid.");
    expect(screen.getByTestId("rule-terms")).toHaveFocus();

    await fireEvent.input(screen.getByTestId("rule-id"), { target: { value: "hashtag-misura" } });
    await fireEvent.input(screen.getByTestId("rule-terms"), { target: { value: "#" } });
    await fireEvent.click(screen.getByTestId("rule-save"));
    await waitFor(() => expect(document.getElementById("rule-id-error")).toHaveTextContent("Another rule already has this name."));
    expect(save).not.toHaveBeenCalled();
  });

  it("edits a rule in place, with its kind's own fields", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });
    await fireEvent.click(within(card("hashtag-misura")).getByTestId("rule-edit"));

    expect(screen.getByTestId<HTMLSelectElement>("rule-kind").value).toBe("count");
    expect(field("rule-max").value).toBe("3");
    expect(field("rule-networks-some")).toBeChecked();
    expect(field("rule-network-mastodon")).toBeChecked();
    await fireEvent.input(field("rule-max"), { target: { value: "2" } });
    await fireEvent.click(field("rule-network-bluesky"));
    await fireEvent.click(screen.getByTestId("rule-save"));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const rules = save.mock.calls[0][0].guide.rules;
    expect(rules.map((r) => r.id)).toEqual(["lettori-non-utenti", "hashtag-misura"]);
    expect(rules[1]).toMatchObject({ kind: "count", max: 2, min: null, networks: ["x", "mastodon", "bluesky"] });
    await waitFor(() => expect(card("hashtag-misura")).toHaveTextContent("At most 2 hashtags"));
  });

  it("edits a prefer rule's replacements as rows", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });
    await fireEvent.click(within(card("lettori-non-utenti")).getByTestId("rule-edit"));
    expect(field("rule-replace-from-0").value).toBe("utenti");
    expect(field("rule-replace-to-0").value).toBe("lettori");
    await fireEvent.click(screen.getByRole("button", { name: "Add a word" }));
    await fireEvent.input(field("rule-replace-from-1"), { target: { value: "utente" } });
    await fireEvent.input(field("rule-replace-to-1"), { target: { value: "lettore" } });
    await fireEvent.click(screen.getByTestId("rule-save"));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0].guide.rules[0]).toMatchObject({ kind: "prefer", replace: { utenti: "lettori", utente: "lettore" } });
  });

  it("deletes a rule after confirmation, and cancelling keeps it", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });

    await fireEvent.click(within(card("hashtag-misura")).getByTestId("rule-delete"));
    expect(screen.getByRole("dialog", { name: "Delete this rule?" })).toHaveTextContent("Three hashtags at most.");
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(save).not.toHaveBeenCalled();

    await fireEvent.click(within(card("hashtag-misura")).getByTestId("rule-delete"));
    await fireEvent.click(screen.getByTestId("voice-confirm-yes"));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0].guide.rules.map((r) => r.id)).toEqual(["lettori-non-utenti"]);
    await waitFor(() => expect(screen.getAllByTestId("rule-card")).toHaveLength(1));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("speaks Italian", async () => {
    await setup();
    setLanguage("it");
    await waitFor(() => expect(screen.getByTestId("voice-tab-tone")).toHaveTextContent("Tono e parole"));
    expect(screen.getByTestId("voice-tab-tone")).toHaveTextContent("Tono e parole");
    expect(card("lettori-non-utenti")).toHaveTextContent("Preferire «lettori» a «utenti»");
    expect(card("hashtag-misura")).toHaveTextContent("Avviso");
  });
});

describe("Voice guide: tabs", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("moves between tabs with the arrow keys", async () => {
    await setup();
    const rules = screen.getByTestId("voice-tab-rules");
    rules.focus();
    await fireEvent.keyDown(rules, { key: "ArrowRight" });
    expect(screen.getByTestId("voice-tab-tone")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("voice-tab-tone")).toHaveFocus();
    await fireEvent.keyDown(screen.getByTestId("voice-tab-tone"), { key: "End" });
    expect(screen.getByTestId("voice-tab-file")).toHaveFocus();
    expect(screen.getByTestId("guide-source")).toBeInTheDocument();
    await fireEvent.keyDown(screen.getByTestId("voice-tab-file"), { key: "ArrowRight" });
    expect(screen.getByTestId("voice-tab-rules")).toHaveAttribute("aria-selected", "true");
  });

  it("shows a load failure with a way to try again", async () => {
    let fail = true;
    vi.mocked(call).mockImplementation(
      fakeCall({
        voice_guide: () => {
          if (fail) throw new BackendError("database", "database is locked");
          return document_();
        },
      }),
    );
    applyStartup(readyStartup());
    render(VoiceGuideSection, { profile });
    expect(await screen.findByRole("alert")).toHaveTextContent("database is locked");
    fail = false;
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("voice-tab-rules")).toBeInTheDocument();
  });
});

describe("Voice guide: built-in checks", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("switches a check off by saving enabled: false for it", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });
    await fireEvent.click(screen.getByTestId("voice-tab-builtin"));

    const row = screen.getByTestId("builtin-a11y.emoji");
    expect(row).toHaveTextContent("Emoji in moderation");
    expect(row).toHaveTextContent("screen readers read out one by one");
    const enabled = within(row).getByTestId<HTMLInputElement>("builtin-enabled");
    expect(enabled).toBeChecked();
    expect(within(row).getByTestId<HTMLSelectElement>("builtin-level").value).toBe("suggestion");
    expect(within(row).getByRole("option", { name: "Suggestion (default)" })).toBeInTheDocument();

    await fireEvent.click(enabled);
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const builtin = save.mock.calls[0][0].guide.builtin;
    expect(builtin["a11y.emoji"]).toEqual({ enabled: false, level: null, phrases: [], alternatives: {} });
    expect(builtin["a11y.all_caps"]).toEqual({ enabled: false, level: null, phrases: [], alternatives: {} });
    await waitFor(() => expect(session.status?.text).toBe("Emoji in moderation: switched off."));
    expect(within(screen.getByTestId("builtin-a11y.emoji")).getByTestId("builtin-enabled")).not.toBeChecked();
  });

  it("changes a level, and goes back to the default by leaving the check out", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });
    await fireEvent.click(screen.getByTestId("voice-tab-builtin"));

    const row = screen.getByTestId("builtin-dialogue.broadcast");
    await fireEvent.change(within(row).getByTestId("builtin-level"), { target: { value: "error" } });
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0].guide.builtin["dialogue.broadcast"]).toEqual({
      enabled: true,
      level: "error",
      phrases: [],
      alternatives: {},
    });

    const caps = screen.getByTestId("builtin-a11y.all_caps");
    expect(within(caps).getByTestId("builtin-enabled")).not.toBeChecked();
    await fireEvent.click(within(caps).getByTestId("builtin-enabled"));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    expect("a11y.all_caps" in save.mock.calls[1][0].guide.builtin).toBe(false);
  });

  it("saves extra jargon and acronyms", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });
    await fireEvent.click(screen.getByTestId("voice-tab-builtin"));

    const jargon = screen.getByTestId("builtin-jargon");
    await fireEvent.click(within(jargon).getByRole("button", { name: "Add jargon" }));
    await fireEvent.input(field("builtin-jargon-from-0"), { target: { value: "OPAC" } });
    await fireEvent.input(field("builtin-jargon-to-0"), { target: { value: "catalogo online" } });
    await fireEvent.click(within(jargon).getByRole("button", { name: "Save the words" }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0].guide.builtin.jargon).toEqual({
      enabled: true,
      level: null,
      phrases: [],
      alternatives: { OPAC: "catalogo online" },
    });

    const caps = screen.getByTestId("builtin-a11y.all_caps");
    await fireEvent.input(field("builtin-phrases-a11y-all_caps"), { target: { value: "MLOL\nUNESCO" } });
    await fireEvent.click(within(caps).getByRole("button", { name: "Save the words" }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    expect(save.mock.calls[1][0].guide.builtin["a11y.all_caps"]).toEqual({
      enabled: false,
      level: null,
      phrases: ["MLOL", "UNESCO"],
      alternatives: {},
    });
  });

  it("puts the switch back and explains when the save is refused", async () => {
    const save = vi.fn((_: { guide: VoiceGuide }): GuideDocument => {
      throw new BackendError("io", "disk full");
    });
    await setup({ save_voice_guide: save });
    await fireEvent.click(screen.getByTestId("voice-tab-builtin"));
    const row = screen.getByTestId("builtin-a11y.emoji");
    await fireEvent.click(within(row).getByTestId("builtin-enabled"));
    await waitFor(() => expect(within(row).getByRole("alert")).toHaveTextContent("disk full"));
    expect(within(row).getByTestId("builtin-enabled")).toBeChecked();
  });
});

describe("Voice guide: tone, templates and identity", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("adds a word to the glossary and a trait of tone", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });
    await fireEvent.click(screen.getByTestId("voice-tab-tone"));
    expect(screen.getByTestId("tone-card")).toHaveTextContent("Vicina");
    expect(screen.getByTestId("term-row")).toHaveTextContent("lettori");

    await fireEvent.click(screen.getByRole("button", { name: "Add a word" }));
    await fireEvent.click(screen.getByTestId("term-save"));
    expect(await screen.findByText("Write the word or phrase.")).toBeInTheDocument();
    await fireEvent.input(field("term-word"), { target: { value: "prestito" } });
    await fireEvent.input(field("term-meaning"), { target: { value: "Quando si porta a casa un libro." } });
    await fireEvent.change(field("term-lang"), { target: { value: "it" } });
    await fireEvent.click(screen.getByTestId("term-save"));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0].guide.terminology[1]).toEqual({
      term: "prestito",
      meaning: "Quando si porta a casa un libro.",
      lang: "it",
    });
    await waitFor(() => expect(screen.getAllByTestId("term-row")).toHaveLength(2));

    await fireEvent.click(screen.getByRole("button", { name: "Add a trait" }));
    await fireEvent.input(field("tone-name"), { target: { value: "In dialogo" } });
    await fireEvent.input(field("tone-good"), { target: { value: "Quale giallo non può mancare?\n" } });
    await fireEvent.click(screen.getByTestId("tone-save"));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    expect(save.mock.calls[1][0].guide.tone[1]).toEqual({
      name: "In dialogo",
      lang: null,
      description: "",
      good: ["Quale giallo non può mancare?"],
      bad: [],
    });
  });

  it("inserts a placeholder at the cursor in a new template", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });
    await fireEvent.click(screen.getByTestId("voice-tab-templates"));
    expect(screen.getByTestId("template-card")).toHaveTextContent("Domanda aperta");

    await fireEvent.click(screen.getByRole("button", { name: "Add a template" }));
    await fireEvent.input(field("template-name"), { target: { value: "Evento" } });
    const text = field<HTMLTextAreaElement>("template-text");
    await fireEvent.input(text, { target: { value: "Vi aspettiamo!\n" } });
    text.setSelectionRange(0, 0);
    await fireEvent.click(screen.getByRole("button", { name: "Insert the event title ({event.title})" }));
    expect(text.value).toBe("{event.title}Vi aspettiamo!\n");
    text.setSelectionRange(text.value.length, text.value.length);
    await fireEvent.click(screen.getByRole("button", { name: "Insert the signature ({signature})" }));
    await fireEvent.click(screen.getByTestId("template-save"));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0].guide.templates[1]).toEqual({
      name: "Evento",
      lang: null,
      snippet: false,
      text: "{event.title}Vi aspettiamo!\n{signature}",
    });
  });

  it("saves the identity with a handle per network", async () => {
    const save = saving();
    await setup({ save_voice_guide: save });
    await fireEvent.click(screen.getByTestId("voice-tab-identity"));
    expect(field("identity-library").value).toBe("Biblioteca civica di Lodi");
    await fireEvent.input(field("identity-signature"), { target: { value: "— La biblioteca" } });
    await fireEvent.click(field("identity-language-en"));
    await fireEvent.input(field("identity-handle-mastodon"), { target: { value: "@biblioteca@mastodon.uno" } });
    await fireEvent.click(screen.getByTestId("identity-save"));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0].guide.identity).toEqual({
      library: "Biblioteca civica di Lodi",
      signature: "— La biblioteca",
      languages: ["it"],
      handles: { mastodon: "@biblioteca@mastodon.uno" },
    });
    await waitFor(() => expect(session.status?.text).toBe("Identity saved."));
  });
});

describe("Voice guide: file", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
    vi.mocked(pickGuideFile).mockReset();
    vi.mocked(chooseGuideExportPath).mockReset();
  });

  async function openFile(extra: Handlers = {}) {
    await setup(extra);
    await fireEvent.click(screen.getByTestId("voice-tab-file"));
    return screen.getByTestId<HTMLTextAreaElement>("guide-source");
  }

  it("shows where a refused file's mistake is and keeps the text", async () => {
    const message = 'voice guide:3:9: rule "no-x": pattern "(" is not a valid regular expression: unclosed group';
    const saveSource = vi.fn((_: { source: string }): GuideDocument => {
      throw new BackendError("guide_invalid", message, "no-x");
    });
    const source = await openFile({ save_voice_guide_source: saveSource });
    expect(source.value).toBe(SOURCE);

    const edited = `${SOURCE}\n[[rules]]\nid = "no-x"\n`;
    await fireEvent.input(source, { target: { value: edited } });
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("guide-source-save"));

    const error = await screen.findByTestId("guide-error");
    expect(saveSource).toHaveBeenCalledWith({ source: edited });
    expect(error).toHaveTextContent("The guide was not saved");
    expect(error).toHaveTextContent("Line 3, column 9");
    expect(error).toHaveTextContent("rule no-x");
    expect(error).toHaveTextContent(message);
    expect(screen.getByTestId<HTMLTextAreaElement>("guide-source").value).toBe(edited);

    await fireEvent.click(within(error).getByRole("button", { name: "Go to line 3" }));
    const area = screen.getByTestId<HTMLTextAreaElement>("guide-source");
    expect(area).toHaveFocus();
    expect(area.selectionStart).toBe(SOURCE.indexOf("[identity]") + 8);
  });

  it("keeps unsaved text when the tab changes, and saves it", async () => {
    const saved: GuideDocument = { ...document_(), source: "format = 1\n", updated_at: "2026-03-02T09:30:00Z" };
    const saveSource = vi.fn((_: { source: string }) => saved);
    const source = await openFile({ save_voice_guide_source: saveSource });
    await fireEvent.input(source, { target: { value: "format = 1\n" } });
    await fireEvent.click(screen.getByTestId("voice-tab-rules"));
    expect(screen.getByTestId("voice-tab-file")).toHaveTextContent("(Unsaved changes)");
    await fireEvent.click(screen.getByTestId("voice-tab-file"));
    expect(screen.getByTestId<HTMLTextAreaElement>("guide-source").value).toBe("format = 1\n");

    await fireEvent.click(screen.getByTestId("guide-source-save"));
    await waitFor(() => expect(session.status?.text).toBe("Voice guide file saved."));
    expect(screen.queryByText("Unsaved changes")).not.toBeInTheDocument();
    expect(screen.getByTestId("voice-origin")).toHaveTextContent("Your library's own guide");
  });

  it("lists the examples that fail the test", async () => {
    const test = vi.fn(() => [
      { rule: "lettori-non-utenti", example: "Gli utenti possono prenotare.", bad: true, triggered: true },
      { rule: "lettori-non-utenti", example: "I lettori possono prenotare.", bad: false, triggered: true },
      { rule: "hashtag-misura", example: "#a #b #c #d", bad: true, triggered: false },
    ]);
    await openFile({ test_voice_guide: test });
    await fireEvent.click(screen.getByTestId("guide-test"));

    const results = await screen.findByTestId("guide-test-results");
    expect(results).toHaveTextContent("2 of 3 examples do not behave as expected.");
    const failures = within(results).getAllByTestId("guide-test-failure");
    expect(failures).toHaveLength(2);
    expect(failures[0]).toHaveTextContent("Rule “Diciamo «lettori», non «utenti».” (lettori-non-utenti)");
    expect(failures[0]).toHaveTextContent("I lettori possono prenotare.");
    expect(failures[0]).toHaveTextContent("This example should be fine, but the rule flags it.");
    expect(failures[1]).toHaveTextContent("hashtag-misura");
    expect(failures[1]).toHaveTextContent("#a #b #c #d");
    expect(failures[1]).toHaveTextContent("This example should be flagged by the rule, but it is not.");
    expect(results).toHaveFocus();
  });

  it("says clearly when every example passes", async () => {
    const test = vi.fn(() => [
      { rule: "lettori-non-utenti", example: "Gli utenti possono prenotare.", bad: true, triggered: true },
      { rule: "lettori-non-utenti", example: "I lettori possono prenotare.", bad: false, triggered: false },
    ]);
    await openFile({ test_voice_guide: test });
    await fireEvent.click(screen.getByTestId("guide-test"));
    expect(await screen.findByTestId("guide-test-results")).toHaveTextContent("All examples behave as expected (2 tested).");
    expect(screen.queryByTestId("guide-test-failure")).not.toBeInTheDocument();
  });

  it("imports a shared file and shows an import's mistake with its place", async () => {
    const shared = { ...sampleGuide(), identity: { ...sampleGuide().identity, library: "Sala Borsa" } };
    let fail = true;
    const importGuide = vi.fn(({ path }: { path: string }): GuideDocument => {
      if (fail) throw new BackendError("guide_invalid", `${path}:7:1: unknown key \`termz\` for a forbid rule`, "r");
      return { source: "[identity]\nlibrary = \"Sala Borsa\"\n", guide: shared, updated_at: "2026-03-02T09:30:00Z" };
    });
    vi.mocked(pickGuideFile).mockResolvedValue("/shared/guida.toml");
    await openFile({ import_voice_guide: importGuide });

    await fireEvent.click(screen.getByTestId("guide-import"));
    const error = await screen.findByTestId("guide-error");
    expect(importGuide).toHaveBeenCalledWith({ path: "/shared/guida.toml" });
    expect(error).toHaveTextContent("The file was not imported");
    expect(error).toHaveTextContent("Line 7, column 1");
    expect(error).toHaveTextContent("/shared/guida.toml:7:1: unknown key `termz` for a forbid rule");

    fail = false;
    await fireEvent.click(screen.getByTestId("guide-import"));
    await waitFor(() => expect(session.status?.text).toBe("Voice guide imported."));
    expect(screen.queryByTestId("guide-error")).not.toBeInTheDocument();
    expect(screen.getByTestId<HTMLTextAreaElement>("guide-source").value).toContain("Sala Borsa");
  });

  it("exports to the chosen file, and does nothing when cancelled", async () => {
    const exportGuide = vi.fn(({ path }: { path: string }) => path);
    vi.mocked(chooseGuideExportPath).mockResolvedValueOnce(null).mockResolvedValueOnce("/tmp/voice-guide.toml");
    await openFile({ export_voice_guide: exportGuide });

    await fireEvent.click(screen.getByTestId("guide-export"));
    await waitFor(() => expect(chooseGuideExportPath).toHaveBeenCalledTimes(1));
    expect(exportGuide).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId("guide-export"));
    await waitFor(() => expect(exportGuide).toHaveBeenCalledWith({ path: "/tmp/voice-guide.toml" }));
    expect(chooseGuideExportPath).toHaveBeenLastCalledWith("Save the voice guide as", "voice-guide.toml");
    await waitFor(() => expect(session.status?.text).toBe("Voice guide saved to /tmp/voice-guide.toml."));
  });

  it("goes back to the starter guide after confirmation", async () => {
    const starter = { ...document_(), source: "# starter\n" };
    const reset = vi.fn(() => starter);
    await setup({ reset_voice_guide: reset }, document_(sampleGuide(), "2026-03-02T09:30:00Z"));
    await fireEvent.click(screen.getByTestId("voice-tab-file"));

    await fireEvent.click(screen.getByTestId("guide-reset"));
    expect(screen.getByRole("dialog", { name: "Go back to the starter guide?" })).toBeInTheDocument();
    expect(reset).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("voice-confirm-yes"));

    await waitFor(() => expect(reset).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getByTestId<HTMLTextAreaElement>("guide-source").value).toBe("# starter\n"));
    expect(screen.getByTestId("voice-origin")).toHaveTextContent("You are using Agora's starter guide.");
    expect(session.status?.text).toBe("You are back to the starter guide.");
  });
});
