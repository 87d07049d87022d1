// The inbox against a scripted backend: the unread messages with who wrote (a known partner or someone
// new), checking for new ones, one click turning a message into an interaction on their timeline, and
// answering in the thread with the brand-voice advice (an error keeps the answer from going out).
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { CheckReport } from "$lib/bindings/CheckReport";
import type { DraftCheck } from "$lib/bindings/DraftCheck";
import type { InboxItem } from "$lib/bindings/InboxItem";
import { session } from "$lib/session.svelte";
import { fakeCall, resetSession } from "../test/fixtures";
import Inbox from "./Inbox.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const reply: InboxItem = {
  id: 3,
  network: "mastodon",
  kind: "reply",
  author_handle: "@carducci@scuole.social",
  author_name: "Scuola Carducci",
  text: "Possiamo venire con la 3B giovedì?",
  url: "https://scuole.social/@carducci/1",
  received_at: "2026-11-29T08:00:00Z",
  read: false,
  from: { kind: "organisation", id: 9 },
  from_name: "Scuola primaria Carducci",
  interaction_id: null,
};

describe("the inbox", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("checks for new messages and logs one on the partner's timeline", async () => {
    let logged = false;
    const sync = vi.fn(() => ({ new: 1 }));
    const log = vi.fn(() => {
      logged = true;
      return { participants: [{ party: reply.from, name: "Scuola primaria Carducci", role: "" }] } as never;
    });
    vi.mocked(call).mockImplementation(
      fakeCall({
        list_inbox: () => (logged ? [] : [reply]),
        sync_inbox: sync,
        log_inbox_item: log,
      }),
    );
    render(Inbox);
    const item = await screen.findByTestId("inbox-item");
    expect(within(item).getByTestId("inbox-from")).toHaveTextContent("From Scuola primaria Carducci");
    await fireEvent.click(screen.getByTestId("inbox-sync"));
    await waitFor(() => expect(session.status?.text).toBe("1 new message."));
    await fireEvent.click(within(item).getByTestId("inbox-log"));
    expect(log).toHaveBeenCalledWith({ id: 3 });
    expect(await screen.findByTestId("inbox-empty")).toHaveTextContent("Nothing unread");
    expect(session.status?.text).toBe("Logged on Scuola primaria Carducci's timeline, awaiting a reply.");
  });

  it("sends the officer to Settings when no account is connected", async () => {
    vi.mocked(call).mockImplementation(
      fakeCall({
        list_inbox: () => [],
        sync_inbox: () => {
          throw new BackendError("invalid_input", "account: no Mastodon account is connected", "account");
        },
      }),
    );
    render(Inbox);
    await fireEvent.click(await screen.findByTestId("inbox-sync"));
    await fireEvent.click(await screen.findByRole("button", { name: /Connect an account in Settings/ }));
    expect(session.section).toBe("settings");
  });

  it("answers in the thread once the advice has no error", async () => {
    const answer = vi.fn(() => ({}) as never);
    const check = ({ draft }: { draft: DraftCheck }): CheckReport => {
      const at = draft.text.indexOf("utenti");
      return {
        lang: "it",
        lang_detected: true,
        findings:
          at < 0
            ? []
            : [
                {
                  rule: "no-utenti",
                  level: "error",
                  message: "Write «lettori», not «utenti».",
                  explanation: "The library speaks of readers.",
                  link: null,
                  start: at,
                  end: at + 6,
                  suggestion: "lettori",
                  fix: { start: at, end: at + 6, replacement: "lettori" },
                },
              ],
        metrics: {} as never,
        networks: {},
      };
    };
    vi.mocked(call).mockImplementation(
      fakeCall({ list_inbox: () => [reply], check_answer: check, answer_inbox_item: answer }),
    );
    render(Inbox);
    const item = await screen.findByTestId("inbox-item");
    await fireEvent.click(within(item).getByTestId("inbox-answer"));
    const text = within(item).getByTestId("inbox-answer-text");
    await fireEvent.input(text, { target: { value: "Certo, aspettiamo i vostri utenti giovedì!" } });
    expect(await within(item).findByTestId("inbox-answer-blocked")).toBeInTheDocument();
    expect(within(item).getByTestId("inbox-answer-send")).toBeDisabled();

    await fireEvent.click(within(item).getByRole("button", { name: /Apply/ }));
    await waitFor(() => expect(within(item).queryByTestId("inbox-answer-blocked")).toBeNull());
    expect(text).toHaveValue("Certo, aspettiamo i vostri lettori giovedì!");
    await fireEvent.click(within(item).getByTestId("inbox-answer-send"));
    expect(answer).toHaveBeenCalledWith({ id: 3, text: "Certo, aspettiamo i vostri lettori giovedì!" });
    await waitFor(() =>
      expect(session.status?.text).toBe("Answer sent and logged on Scuola primaria Carducci's timeline."),
    );
    expect(within(item).queryByTestId("inbox-answer-form")).toBeNull();
  });
});
