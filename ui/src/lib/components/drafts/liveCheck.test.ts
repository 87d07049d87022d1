// Live checks keep only the newest answer: a slow reply to an older keystroke never replaces a newer one.
import { describe, expect, it, vi } from "vitest";
import { call } from "$lib/backend";
import type { CheckReport } from "$lib/bindings/CheckReport";
import type { DraftCheck } from "$lib/bindings/DraftCheck";
import { LiveCheck } from "./liveCheck.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const draft = (text: string): DraftCheck => ({
  text,
  lang: null,
  networks: ["mastodon"],
  images: [],
  about_event: false,
  explain_in: "en",
});

const reportFor = (text: string): CheckReport => ({
  lang: "it",
  lang_detected: true,
  findings: [],
  metrics: { words: text.length, sentences: 1, letters: 0, syllables: 0, gulpease: null, flesch: null },
  networks: {},
});

describe("LiveCheck", () => {
  it("drops answers to requests older than the newest", async () => {
    const pending: Record<string, (r: CheckReport) => void> = {};
    vi.mocked(call).mockImplementation(
      (_command, args) =>
        new Promise((resolve) => {
          const text = (args as { draft: DraftCheck }).draft.text;
          pending[text] = (r) => resolve(r as never);
        }),
    );
    const check = new LiveCheck();
    check.run(draft("Ci"));
    check.run(draft("Ciao"));
    pending["Ciao"](reportFor("Ciao"));
    await vi.waitFor(() => expect(check.checked).toBe("Ciao"));
    pending["Ci"](reportFor("Ci"));
    await new Promise((r) => setTimeout(r, 0));
    expect(check.checked).toBe("Ciao");
    expect(check.report?.metrics.words).toBe(4);
    expect(check.fresh("Ciao")).toBe(true);
    expect(check.fresh("Ciao!")).toBe(false);
  });

  it("does not ask twice for the same draft", () => {
    vi.mocked(call).mockReset();
    vi.mocked(call).mockResolvedValue(reportFor("x") as never);
    const check = new LiveCheck();
    check.run(draft("x"));
    check.run(draft("x"));
    expect(call).toHaveBeenCalledTimes(1);
  });
});
