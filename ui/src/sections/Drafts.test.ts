// The Drafts section against a scripted backend: the list and the first-time composer, creating a draft,
// findings underlined at the right code-point offsets and fixed with one click, counters and previews,
// separate versions, templates, language, marking ready with and without a reason, and autosave.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call, pickImageFile } from "$lib/backend";
import type { CheckReport } from "$lib/bindings/CheckReport";
import type { DraftCheck } from "$lib/bindings/DraftCheck";
import type { DraftContent } from "$lib/bindings/DraftContent";
import type { DraftView } from "$lib/bindings/DraftView";
import type { Finding } from "$lib/bindings/Finding";
import type { GuideDocument } from "$lib/bindings/GuideDocument";
import type { NetworkCount } from "$lib/bindings/NetworkCount";
import type { Post } from "$lib/bindings/Post";
import type { PostState } from "$lib/bindings/PostState";
import { draftRequest, openDraft } from "$lib/components/drafts/openDraft.svelte";
import { applyStartup, session } from "$lib/session.svelte";
import { fakeCall, profile, readyStartup, resetSession, type Handlers } from "../test/fixtures";
import Drafts from "./Drafts.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
  pickImageFile: vi.fn(),
}));

/** Every network the fake checker knows allows this many characters. */
const LIMIT = 40;

function draftPost(overrides: Partial<Post> = {}): Post {
  return {
    id: 21,
    campaign_id: null,
    category_id: 1,
    event_id: null,
    planned_at: null,
    planned_local: null,
    state: "draft",
    channels: [
      { network: "mastodon", text: "📚 Gli utenti leggono" },
      { network: "bluesky", text: "📚 Gli utenti leggono" },
    ],
    edited: false,
    created_at: "2026-03-01T09:00:00Z",
    updated_at: "2026-03-01T09:00:00Z",
    ...overrides,
  };
}

function draftView(text = "📚 Gli utenti leggono", overrides: Partial<Post> = {}, readyOverride: string | null = null): DraftView {
  const post = draftPost({
    ...overrides,
    channels: (overrides.channels ?? draftPost().channels).map((c) => ({ ...c, text })),
  });
  return {
    post,
    content: {
      text,
      lang: null,
      variants: post.channels.map((c) => ({ network: c.network, text: c.text, custom: false })),
      images: [],
    },
    ready_override: readyOverride,
  };
}

/** A small, predictable checker: «utenti» is an error with a fix, a text without "?" only announces. */
function fakeCheck({ draft }: { draft: DraftCheck }): CheckReport {
  const chars = Array.from(draft.text);
  const findings: Finding[] = [];
  const at = draft.text.indexOf("utenti");
  if (at >= 0) {
    const start = Array.from(draft.text.slice(0, at)).length;
    findings.push({
      rule: "no-utenti",
      level: "error",
      message: "Write «lettori», not «utenti».",
      explanation: "The library speaks of readers.",
      link: "https://example.org/guide",
      start,
      end: start + 6,
      suggestion: "lettori",
      fix: { start, end: start + 6, replacement: "lettori" },
    });
  }
  if (chars.length > 0 && !draft.text.includes("?")) {
    findings.push({
      rule: "dialogue.broadcast",
      level: "warning",
      message: "The post only announces.",
      explanation: "Ask something.",
      link: null,
      start: 0,
      end: Math.min(chars.length, 3),
      suggestion: "What do you think?",
      fix: null,
    });
  }
  const networks: Partial<Record<string, NetworkCount>> = {};
  for (const network of draft.networks) {
    const fits = chars.length <= LIMIT;
    networks[network] = {
      length: chars.length,
      limit: LIMIT,
      unit: "graphemes",
      fits,
      cut_at: fits ? null : LIMIT,
      also: network === "bluesky" ? [{ length: new TextEncoder().encode(draft.text).length, limit: 3000, unit: "bytes", fits: true }] : [],
      parts: [],
    };
  }
  const words = draft.text.split(/\s+/).filter(Boolean).length;
  return {
    lang: draft.lang ?? "it",
    lang_detected: draft.lang === null,
    findings,
    metrics: { words, sentences: 1, letters: 0, syllables: 0, gulpease: words >= 30 ? 72 : null, flesch: null },
    networks,
  };
}

const guideDocument: GuideDocument = {
  source: "",
  updated_at: null,
  guide: {
    format: 1,
    identity: { library: "Biblioteca civica di Lodi", signature: "La tua biblioteca", languages: ["it"], handles: {} },
    tone: [],
    terminology: [],
    rules: [],
    builtin: {},
    templates: [
      { name: "Evento", lang: "it", text: "Vi aspettiamo a {event.title}!", snippet: false },
      { name: "Firma", lang: null, text: "{signature}", snippet: true },
      { name: "Event", lang: "en", text: "Join us at {event.title}", snippet: false },
    ],
  },
};

type Saved = { id: number; content: DraftContent };

async function setup(extra: Handlers = {}, views: DraftView[] = [draftView()]) {
  const saves: Saved[] = [];
  vi.mocked(call).mockImplementation(
    fakeCall({
      list_drafts: () => views.map((v) => v.post),
      get_draft: ({ id }) => {
        const view = views.find((v) => v.post.id === id);
        if (!view) throw new BackendError("not_found", "no such post");
        return view;
      },
      voice_guide: () => guideDocument,
      list_events: () => [],
      check_draft: fakeCheck,
      save_draft: ({ id, content }) => {
        saves.push({ id, content });
        const view = views.find((v) => v.post.id === id) ?? draftView();
        return { ...view, content, post: { ...view.post, channels: content.variants.map((v) => ({ network: v.network, text: v.custom ? v.text : content.text })) } };
      },
      fill_template: ({ text }) => text.replace("{event.title}", "Letture ad alta voce").replace("{signature}", "La tua biblioteca"),
      ...extra,
    }),
  );
  applyStartup(readyStartup());
  const result = render(Drafts, { profile });
  return { ...result, saves };
}

const textArea = () => screen.getByTestId("draft-text") as HTMLTextAreaElement;
const checks = () =>
  vi
    .mocked(call)
    .mock.calls.filter(([command]) => command === "check_draft")
    .map(([, args]) => (args as { draft: DraftCheck }).draft);

async function opened() {
  await waitFor(() => expect(screen.getByTestId("draft-text")).toBeInTheDocument());
  await waitFor(() => expect(screen.getAllByTestId("finding").length).toBeGreaterThan(0));
}

describe("Drafts", () => {
  beforeEach(() => {
    resetSession();
    draftRequest.id = null;
    vi.mocked(call).mockReset();
    vi.mocked(pickImageFile).mockReset();
  });

  it("invites the first post and creates it from the form", async () => {
    const create = vi.fn(({ draft }: { draft: { networks: string[]; text: string; category_id: number } }) =>
      draftView(draft.text, { id: 30, category_id: draft.category_id, channels: draft.networks.map((network) => ({ network: network as "mastodon", text: draft.text })) }),
    );
    await setup({ create_draft: create }, []);

    await waitFor(() => expect(screen.getByTestId("new-draft-text")).toBeInTheDocument());
    expect(screen.getByText("Write your first post")).toBeInTheDocument();
    // The library has a Mastodon account only: that network is ticked by default.
    expect(screen.getByTestId("new-draft-network-mastodon")).toBeChecked();
    expect(screen.getByTestId("new-draft-network-bluesky")).not.toBeChecked();

    await fireEvent.click(screen.getByTestId("drafts-new"));
    await waitFor(() => expect(screen.getByTestId("new-draft-text")).toHaveFocus());

    await fireEvent.input(screen.getByTestId("new-draft-text"), { target: { value: "Che cosa leggete?" } });
    await fireEvent.change(screen.getByTestId("new-draft-category"), { target: { value: "2" } });
    await fireEvent.click(screen.getByTestId("new-draft-network-bluesky"));
    await fireEvent.click(screen.getByTestId("new-draft-create"));

    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create.mock.calls[0][0].draft).toEqual({
      category_id: 2,
      campaign_id: null,
      event_id: null,
      networks: ["mastodon", "bluesky"],
      text: "Che cosa leggete?",
    });
    await waitFor(() => expect(textArea().value).toBe("Che cosa leggete?"));
    expect(screen.getByTestId("draft-item")).toHaveAttribute("data-post-id", "30");
    await waitFor(() => expect(textArea()).toHaveFocus());
  });

  it("refuses to create a draft without a network", async () => {
    const create = vi.fn(() => draftView());
    await setup({ create_draft: create }, []);
    await waitFor(() => expect(screen.getByTestId("new-draft-network-mastodon")).toBeInTheDocument());
    await fireEvent.click(screen.getByTestId("new-draft-network-mastodon"));
    await fireEvent.click(screen.getByTestId("new-draft-create"));
    expect(screen.getByText("Tick at least one network.")).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();
  });

  it("opens the newest draft and underlines its findings at code-point offsets", async () => {
    const { container } = await setup();
    await opened();
    expect(screen.getByTestId("draft-item")).toHaveAttribute("data-post-id", "21");
    expect(textArea().value).toBe("📚 Gli utenti leggono");

    const mark = container.querySelector("[data-testid='finding-mark'][data-rule='no-utenti']");
    expect(mark).not.toBeNull();
    expect(mark).toHaveTextContent(/^utenti$/);
    // The backdrop repeats the text exactly (plus an invisible end marker).
    expect(container.querySelector(".backdrop")?.textContent).toBe("📚 Gli utenti leggono\u200b");

    const finding = screen.getAllByTestId("finding").find((f) => f.dataset.rule === "no-utenti")!;
    expect(finding).toHaveAttribute("data-level", "error");
    expect(finding).toHaveTextContent("Write «lettori», not «utenti».");
    expect(finding).toHaveTextContent("«utenti»");
    // Errors come first.
    expect(screen.getAllByTestId("finding").map((f) => f.dataset.level)).toEqual(["error", "warning"]);
    expect(screen.getByTestId("conversation")).toHaveAttribute("data-conversation", "broadcast");

    // The finding selects its words in the text (UTF-16 indices 7..13 after the emoji).
    await fireEvent.click(within(finding).getByRole("button", { name: /Write «lettori»/ }));
    expect(textArea().selectionStart).toBe(7);
    expect(textArea().selectionEnd).toBe(13);

    // The interface language goes to the checker.
    expect(checks()[0]).toMatchObject({ explain_in: "en", networks: ["mastodon", "bluesky"], lang: null, about_event: false });
    expect(screen.getByTestId("draft-lang-detected")).toHaveTextContent("Detected: Italian");
  });

  it("applies a fix, which changes the text and checks it again", async () => {
    await setup();
    await opened();
    const before = checks().length;
    const finding = screen.getAllByTestId("finding").find((f) => f.dataset.rule === "no-utenti")!;
    await fireEvent.click(within(finding).getByTestId("finding-fix"));

    expect(textArea().value).toBe("📚 Gli lettori leggono");
    await waitFor(() => expect(checks().length).toBeGreaterThan(before));
    expect(checks().at(-1)?.text).toBe("📚 Gli lettori leggono");
    await waitFor(() =>
      expect(screen.getAllByTestId("finding").some((f) => f.dataset.rule === "no-utenti")).toBe(false),
    );
  });

  it("counts every keystroke and shows what does not fit, with the cut in the preview", async () => {
    await setup();
    await opened();
    expect(screen.getByTestId("counter-mastodon")).toHaveAttribute("data-fits", "true");
    expect(screen.getByTestId("counter-mastodon")).toHaveTextContent(`20/${LIMIT}`);
    expect(screen.getByTestId("counter-bluesky")).toHaveTextContent("bytes");

    const long = "Che cosa leggete in questi giorni di pioggia? Raccontatecelo";
    await fireEvent.input(textArea(), { target: { value: long } });
    await waitFor(() => expect(screen.getByTestId("counter-mastodon")).toHaveAttribute("data-fits", "false"));
    expect(screen.getByTestId("counter-mastodon")).toHaveTextContent(`${Array.from(long).length}/${LIMIT}`);
    expect(screen.getByTestId("counter-mastodon")).toHaveTextContent("20 too many");

    const preview = screen.getByTestId("preview-mastodon");
    expect(preview.textContent?.replace("✂", "")).toContain(long);
    expect(preview.querySelector(".cut")).not.toBeNull();
    expect(preview.querySelector("s.past")?.textContent).toBe(long.slice(LIMIT));

    await fireEvent.click(screen.getByTestId("preview-tab-bluesky"));
    expect(screen.getByTestId("preview-tab-bluesky")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("preview-bluesky")).toBeInTheDocument();
    expect(screen.queryByTestId("preview-mastodon")).toBeNull();
  });

  it("saves a moment after typing, and says so", async () => {
    const { saves } = await setup();
    await opened();
    expect(screen.getByTestId("draft-save-status")).toHaveTextContent("Saved");

    await fireEvent.input(textArea(), { target: { value: "Che cosa leggete?" } });
    expect(screen.getByTestId("draft-save-status")).toHaveTextContent("Saving soon…");
    await waitFor(() => expect(saves).toHaveLength(1), { timeout: 2000 });
    expect(saves[0]).toEqual({
      id: 21,
      content: {
        text: "Che cosa leggete?",
        lang: null,
        variants: [
          { network: "mastodon", text: "Che cosa leggete?", custom: false },
          { network: "bluesky", text: "Che cosa leggete?", custom: false },
        ],
        images: [],
      },
    });
    await waitFor(() => expect(screen.getByTestId("draft-save-status")).toHaveTextContent("Saved"));
    expect(screen.getByTestId("draft-item")).toHaveTextContent("Che cosa leggete?");
  });

  it("keeps the text when a save fails and saves it on retry", async () => {
    let fail = true;
    const saved: DraftContent[] = [];
    await setup({
      save_draft: ({ content }) => {
        if (fail) throw new BackendError("database", "disk full");
        saved.push(content);
        return { ...draftView(content.text), content };
      },
    });
    await opened();
    await fireEvent.input(textArea(), { target: { value: "Testo importante?" } });
    await waitFor(() => expect(screen.getByTestId("draft-save-status")).toHaveAttribute("data-status", "failed"), {
      timeout: 2000,
    });
    expect(screen.getByTestId("draft-save-status")).toHaveTextContent("Could not save");
    expect(screen.getByTestId("draft-save-status")).not.toHaveTextContent(/saved/i);
    expect(screen.getByRole("alert")).toHaveTextContent("Your latest changes could not be saved");
    expect(screen.getByRole("alert")).toHaveTextContent("disk full");
    expect(textArea().value).toBe("Testo importante?");

    fail = false;
    await fireEvent.click(screen.getByTestId("draft-save-retry"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].text).toBe("Testo importante?");
    await waitFor(() => expect(screen.getByTestId("draft-save-status")).toHaveTextContent("Saved"));
    expect(screen.queryByTestId("draft-save-retry")).toBeNull();
  });

  it("asks for a reason before marking a post with errors ready, and sends it", async () => {
    const setState = vi.fn(({ state, override_reason }: { id: number; state: PostState; override_reason: string | null }) =>
      draftView("📚 Gli utenti leggono", { state }, override_reason),
    );
    await setup({ set_post_state: setState });
    await opened();

    await fireEvent.click(screen.getByTestId("state-ready"));
    const dialog = await screen.findByTestId("override-dialog");
    expect(dialog).toHaveTextContent("Write «lettori», not «utenti».");
    expect(screen.getByTestId("override-reason")).toHaveFocus();

    await fireEvent.click(screen.getByTestId("override-confirm"));
    expect(dialog).toHaveTextContent("Write a reason to mark the post as ready.");
    expect(setState).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId("override-reason"), { target: { value: "Quoting the regulation" } });
    await fireEvent.click(screen.getByTestId("override-confirm"));
    await waitFor(() => expect(setState).toHaveBeenCalledTimes(1));
    expect(setState.mock.calls[0][0]).toEqual({ id: 21, state: "ready", override_reason: "Quoting the regulation" });

    await waitFor(() => expect(screen.queryByTestId("override-dialog")).toBeNull());
    expect(screen.getByTestId("draft-state")).toHaveTextContent("Ready");
    expect(screen.getByTestId("ready-override")).toHaveTextContent("Quoting the regulation");
    expect(screen.getByTestId("draft-item")).toHaveTextContent("Ready");

    await fireEvent.click(screen.getByTestId("state-draft"));
    await waitFor(() => expect(setState).toHaveBeenCalledTimes(2));
    expect(setState.mock.calls[1][0]).toEqual({ id: 21, state: "draft", override_reason: null });
    await waitFor(() => expect(screen.getByTestId("draft-state")).toHaveTextContent("Draft"));
  });

  it("marks a clean post ready at once, and asks for a reason when the core still refuses", async () => {
    let refuse = false;
    const setState = vi.fn(({ state, override_reason }: { id: number; state: PostState; override_reason: string | null }) => {
      if (refuse && state === "ready" && override_reason === null) {
        throw new BackendError("invalid_input", "jargon (bluesky): plain words", "state");
      }
      return draftView("Che cosa leggete?", { state }, override_reason);
    });
    await setup({ set_post_state: setState }, [draftView("Che cosa leggete?")]);
    await waitFor(() => expect(screen.getByTestId("draft-text")).toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId("conversation")).toHaveAttribute("data-conversation", "open"));

    await fireEvent.click(screen.getByTestId("state-ready"));
    await waitFor(() => expect(setState).toHaveBeenCalledTimes(1));
    expect(setState.mock.calls[0][0]).toEqual({ id: 21, state: "ready", override_reason: null });
    expect(screen.queryByTestId("override-dialog")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("draft-state")).toHaveTextContent("Ready"));

    refuse = true;
    await fireEvent.click(screen.getByTestId("state-draft"));
    await waitFor(() => expect(screen.getByTestId("state-ready")).toBeInTheDocument());
    await fireEvent.click(screen.getByTestId("state-ready"));
    const dialog = await screen.findByTestId("override-dialog");
    expect(dialog).toHaveTextContent("jargon (bluesky): plain words");
  });

  it("writes a separate version for one network, checked on its own", async () => {
    const { saves } = await setup();
    await opened();
    await fireEvent.click(screen.getByTestId("preview-tab-bluesky"));
    await fireEvent.click(screen.getByTestId("variant-custom-bluesky"));

    const own = screen.getByTestId("variant-text-bluesky") as HTMLTextAreaElement;
    expect(own.value).toBe("📚 Gli utenti leggono");
    await fireEvent.input(own, { target: { value: "Su Bluesky: che cosa leggete?" } });
    await waitFor(() => expect(checks().some((c) => c.networks.join() === "bluesky" && c.text === "Su Bluesky: che cosa leggete?")).toBe(true));
    expect(screen.getByTestId("preview-bluesky")).toHaveTextContent("Su Bluesky: che cosa leggete?");
    expect(screen.getByTestId("counter-bluesky")).toHaveTextContent("own version");

    await waitFor(() => expect(saves.length).toBeGreaterThan(0), { timeout: 2000 });
    expect(saves.at(-1)?.content.variants).toEqual([
      { network: "mastodon", text: "📚 Gli utenti leggono", custom: false },
      { network: "bluesky", text: "Su Bluesky: che cosa leggete?", custom: true },
    ]);

    await fireEvent.click(screen.getByTestId("variant-custom-bluesky"));
    expect(screen.queryByTestId("variant-text-bluesky")).toBeNull();
    expect(screen.getByTestId("preview-bluesky")).toHaveTextContent("📚 Gli utenti leggono");
  });

  it("inserts a template into an empty draft and follows the chosen language", async () => {
    await setup({}, [draftView("")]);
    await waitFor(() => expect(screen.getByTestId("draft-text")).toBeInTheDocument());

    await fireEvent.change(screen.getByTestId("draft-lang"), { target: { value: "it" } });
    await waitFor(() => expect(checks().at(-1)?.lang).toBe("it"));

    await fireEvent.click(screen.getByTestId("templates-menu"));
    const items = screen.getAllByTestId("template-item");
    // Italian and language-free templates only.
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringContaining("Evento"),
      expect.stringContaining("Firma"),
    ]);
    await fireEvent.click(items[0]);
    await waitFor(() => expect(textArea().value).toBe("Vi aspettiamo a Letture ad alta voce!"));
    expect(vi.mocked(call)).toHaveBeenCalledWith("fill_template", {
      text: "Vi aspettiamo a {event.title}!",
      event_id: null,
      lang: "it",
    });
    expect(screen.queryByTestId("template-item")).toBeNull();
  });

  it("adds an image whose description goes into the checks", async () => {
    vi.mocked(pickImageFile).mockResolvedValue("/foto/sala.jpg");
    const { saves } = await setup();
    await opened();
    await fireEvent.click(screen.getByTestId("draft-image-add"));
    const alt = await screen.findByTestId("draft-image-alt");
    expect(alt).toHaveFocus();
    await fireEvent.input(alt, { target: { value: "La sala lettura piena di bambini" } });
    await waitFor(() => expect(checks().at(-1)?.images).toEqual([{ alt: "La sala lettura piena di bambini" }]));
    await waitFor(() => expect(saves.at(-1)?.content.images).toEqual([{ path: "/foto/sala.jpg", alt: "La sala lettura piena di bambini" }]), {
      timeout: 2000,
    });
  });

  it("creates a draft from the dialog when drafts exist", async () => {
    const create = vi.fn(({ draft }: { draft: { text: string } }) => draftView(draft.text, { id: 40 }));
    await setup({ create_draft: create });
    await opened();
    await fireEvent.click(screen.getByTestId("drafts-new"));
    const dialog = await screen.findByTestId("new-draft-dialog");
    await waitFor(() => expect(screen.getByTestId("new-draft-text")).toHaveFocus());
    await fireEvent.input(within(dialog).getByTestId("new-draft-text"), { target: { value: "Una nuova domanda?" } });
    await fireEvent.click(within(dialog).getByTestId("new-draft-create"));
    await waitFor(() => expect(screen.queryByTestId("new-draft-dialog")).toBeNull());
    expect(create.mock.calls[0][0].draft).toMatchObject({ networks: ["mastodon"], text: "Una nuova domanda?" });
    await waitFor(() => expect(textArea().value).toBe("Una nuova domanda?"));
    expect(screen.getAllByTestId("draft-item").map((i) => i.dataset.postId)).toEqual(["40", "21"]);
    await waitFor(() => expect(textArea()).toHaveFocus());
  });

  it("saves unsaved text when another draft is opened, before loading it", async () => {
    const order: string[] = [];
    const second = draftView("Seconda bozza?", { id: 22 });
    const { saves } = await setup(
      {
        get_draft: ({ id }) => {
          order.push(`get ${id}`);
          return id === 22 ? second : draftView();
        },
      },
      [draftView(), second],
    );
    await opened();
    await fireEvent.input(textArea(), { target: { value: "Testo appena scritto?" } });
    const other = screen.getAllByTestId("draft-item").find((i) => i.dataset.postId === "22")!;
    await fireEvent.click(other);
    await waitFor(() => expect(textArea().value).toBe("Seconda bozza?"));
    expect(saves.map((s) => s.content.text)).toEqual(["Testo appena scritto?"]);
    expect(order).toEqual(["get 21", "get 22"]);
    expect(other).toHaveAttribute("aria-current", "true");
  });

  it("opens the post another section asked for", async () => {
    const other = draftView("Un'altra bozza?", { id: 22 });
    openDraft(22);
    expect(session.section).toBe("drafts");
    await setup({}, [draftView(), other]);
    await waitFor(() => expect(textArea().value).toBe("Un'altra bozza?"));
    expect(screen.getAllByTestId("draft-item").find((i) => i.dataset.postId === "22")).toHaveAttribute("aria-current", "true");
    expect(draftRequest.id).toBeNull();
  });
});
