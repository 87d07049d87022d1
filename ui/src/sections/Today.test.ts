// Today against a scripted backend: the review queue (messages waiting, oldest first, answered by a logged
// reply or marked answered; overdue and due contacts with their cadence, logged or snoozed; partners' events),
// the overdue count at the top, the empty states and a queue that cannot be read.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { InteractionInput } from "$lib/bindings/InteractionInput";
import type { ReviewQueue } from "$lib/bindings/ReviewQueue";
import { sampleContact, sampleMessage } from "$lib/components/review/samples";
import { applyStartup, session } from "$lib/session.svelte";
import { fakeCall, profile, readyStartup, resetSession, type Handlers } from "../test/fixtures";
import Today from "./Today.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const NOW = new Date("2026-03-10T12:00:00Z");

const message = (id: number, occurred_at: string, name: string, summary: string) =>
  sampleMessage(id, occurred_at, [name], summary, id * 10);
const due = sampleContact;

function sampleQueue(): ReviewQueue {
  return {
    // Newest first on purpose: the page puts the longest waiting first.
    unanswered: [
      message(2, "2026-03-09T09:00:00Z", "Luca Bassi", "Asks if the library opens on Sunday"),
      message(1, "2026-03-07T12:00:00Z", "Maria Rossi", "Wants to bring her class to the reading club"),
    ],
    overdue: [due({ kind: "organisation", id: 5 }, "Scuola Carducci", 72, { last_inbound: "2026-01-02T10:00:00Z" })],
    due: [
      due({ kind: "person", id: 7 }, "Paolo Neri", 45, { max_days: null, ideal_days: 30 }),
      due({ kind: "organisation", id: 8 }, "Nati per Leggere", 40, { last_interaction: null }),
    ],
    upcoming_partner_events: [
      { event_id: 31, title: "Letture in giardino", starts_at: "2026-03-20T16:00:00Z", partner: "Associazione Amici del Libro" },
    ],
  };
}

function emptyQueue(): ReviewQueue {
  return { unanswered: [], overdue: [], due: [], upcoming_partner_events: [] };
}

async function setup(handlers: Handlers) {
  vi.mocked(call).mockImplementation(fakeCall(handlers));
  applyStartup(readyStartup());
  render(Today, { profile });
  await waitFor(() => expect(screen.getByTestId("review-waiting-count")).toBeInTheDocument());
}

/** A backend whose queue follows what is logged, answered and snoozed. */
function liveQueue(extra: Handlers = {}) {
  const queue = sampleQueue();
  const logged: InteractionInput[] = [];
  const handlers: Handlers = {
    review_queue: () => structuredClone(queue),
    log_interaction: ({ interaction }) => {
      logged.push(interaction);
      queue.unanswered = queue.unanswered.filter((i) => i.id !== interaction.answers);
      const party = interaction.participants[0].party;
      queue.overdue = queue.overdue.filter((c) => !(c.party.kind === party.kind && c.party.id === party.id));
      return { ...message(99, NOW.toISOString(), "", interaction.summary), direction: "outbound", awaiting_reply: false };
    },
    set_awaiting_reply: ({ id }) => {
      queue.unanswered = queue.unanswered.filter((i) => i.id !== id);
      return false;
    },
    snooze: ({ party, until }) => {
      queue.due = queue.due.filter((c) => !(c.party.kind === party.kind && c.party.id === party.id));
      return until;
    },
    ...extra,
  };
  return { handlers, logged };
}

const items = () => screen.getAllByTestId("review-waiting-item");
const contactCard = (kind: string, id: number) =>
  screen.getAllByTestId("review-contact").find((c) => c.dataset.kind === kind && c.dataset.id === String(id))!;

describe("Today", () => {
  beforeEach(() => {
    resetSession();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    vi.mocked(call).mockReset();
  });

  afterEach(() => vi.useRealTimers());

  it("shows the messages waiting for an answer, the longest waiting first, with who, where and when", async () => {
    await setup({ review_queue: sampleQueue });

    const waiting = screen.getByTestId("review-waiting");
    expect(within(waiting).getByRole("heading", { level: 2 })).toHaveTextContent("Waiting for an answer 2");
    expect(items().map((i) => i.dataset.id)).toEqual(["1", "2"]);
    const first = items()[0];
    expect(first).toHaveTextContent("Maria Rossi");
    expect(first).toHaveTextContent("Social media comment");
    expect(first).toHaveTextContent("3 days ago");
    expect(first).toHaveTextContent("Mar 7, 2026");
    expect(first).toHaveTextContent("Wants to bring her class to the reading club");
    expect(items()[1]).toHaveTextContent("yesterday");
  });

  it("shows the first 10 of a long part and the rest on request", async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      message(i + 1, `2026-03-0${1 + (i % 9)}T09:00:00Z`, `Lettore ${i + 1}`, `Domanda ${i + 1}`),
    );
    await setup({ review_queue: () => ({ ...emptyQueue(), unanswered: many }) });

    expect(within(screen.getByTestId("review-waiting")).getByRole("heading", { level: 2 })).toHaveTextContent("30");
    expect(items()).toHaveLength(10);
    await fireEvent.click(screen.getByTestId("review-waiting-all"));
    expect(items()).toHaveLength(30);
    expect(screen.queryByTestId("review-waiting-all")).toBeNull();
    expect(screen.queryByTestId("review-due-all"), "a short part has no such button").toBeNull();
  });

  it("logs a reply as an outbound interaction that answers the message, which leaves the list", async () => {
    const { handlers, logged } = liveQueue();
    await setup(handlers);

    const first = items()[0];
    await fireEvent.click(within(first).getByTestId("review-reply"));
    const summary = within(first).getByTestId("review-reply-summary");
    expect(summary).toHaveFocus();
    expect(within(first).getByTestId("review-reply-channel")).toHaveValue("social_comment");

    // Nothing to log yet: the summary is asked for.
    await fireEvent.click(within(first).getByTestId("review-reply-send"));
    expect(first).toHaveTextContent("Write a few words about what was said.");
    expect(logged).toHaveLength(0);

    await fireEvent.input(summary, { target: { value: "Sent the dates of the class visits" } });
    await fireEvent.change(within(first).getByTestId("review-reply-channel"), { target: { value: "email" } });
    await fireEvent.click(within(first).getByTestId("review-reply-send"));

    await waitFor(() => expect(logged).toHaveLength(1));
    expect(logged[0]).toEqual({
      occurred_at: null,
      channel: "email",
      direction: "outbound",
      summary: "Sent the dates of the class visits",
      awaiting_reply: false,
      amplified: false,
      campaign_id: null,
      post_id: null,
      event_id: null,
      participants: [{ party: { kind: "person", id: 10 }, role: "" }],
      answers: 1,
    });
    await waitFor(() => expect(items().map((i) => i.dataset.id)).toEqual(["2"]));
    expect(screen.getByTestId("review-waiting-count")).toHaveTextContent("1");
    expect(session.status?.text).toBe("Reply logged: Maria Rossi is no longer waiting.");
  });

  it("marks a message answered, and says so when nobody is left waiting", async () => {
    const { handlers } = liveQueue();
    const answered = vi.fn(handlers.set_awaiting_reply!);
    await setup({ ...handlers, set_awaiting_reply: answered });

    await fireEvent.click(within(items()[1]).getByTestId("review-mark-answered"));
    await waitFor(() => expect(answered).toHaveBeenCalledWith({ id: 2, awaiting: false }));
    await waitFor(() => expect(items()).toHaveLength(1));

    await fireEvent.click(within(items()[0]).getByTestId("review-mark-answered"));
    await waitFor(() => expect(screen.getByTestId("review-waiting")).toHaveTextContent("Nobody is waiting for an answer. Well done."));
  });

  it("shows overdue and due contacts with their cadence, and the overdue count at the top", async () => {
    await setup({ review_queue: sampleQueue });

    expect(screen.getByTestId("review-overdue-alert")).toHaveTextContent("1 contact is overdue");
    const overdue = screen.getByTestId("review-overdue");
    expect(within(overdue).getByRole("heading", { level: 2 })).toHaveTextContent("Overdue 1");
    const school = contactCard("organisation", 5);
    expect(overdue).toContainElement(school);
    expect(school).toHaveTextContent("Scuola Carducci");
    expect(school).toHaveTextContent("Organisation");
    expect(school).toHaveTextContent("72 days since the last contact; aim for every 30 days, at most 60");
    expect(school).toHaveTextContent("Last wrote to you 2 months ago");

    const dueBlock = screen.getByTestId("review-due");
    expect(within(dueBlock).getByRole("heading", { level: 2 })).toHaveTextContent("Due a call 2");
    expect(contactCard("person", 7)).toHaveTextContent("Person");
    expect(contactCard("person", 7)).toHaveTextContent("45 days since the last contact; aim for every 30 days");
    expect(contactCard("organisation", 8)).toHaveTextContent("No contact yet, added 40 days ago");
    expect(within(dueBlock).getAllByTestId("review-contact")).toHaveLength(2);

    await fireEvent.click(within(screen.getByTestId("review-overdue-alert")).getByRole("button", { name: "Show them" }));
    expect(document.getElementById("review-overdue-title")).toHaveFocus();

    const events = screen.getByTestId("review-events");
    expect(events).toHaveTextContent("Letture in giardino");
    expect(events).toHaveTextContent("with Associazione Amici del Libro");
    expect(events).toHaveTextContent("Mar 20, 2026, 5:00 PM");
  });

  it("logs a call with an overdue contact", async () => {
    const { handlers, logged } = liveQueue();
    await setup(handlers);

    const school = contactCard("organisation", 5);
    await fireEvent.click(within(school).getByTestId("review-log"));
    expect(within(school).getByTestId("review-log-channel")).toHaveValue("phone");
    await fireEvent.input(within(school).getByTestId("review-log-summary"), { target: { value: "Planned the spring visits" } });
    await fireEvent.click(within(school).getByTestId("review-log-send"));

    await waitFor(() => expect(logged).toHaveLength(1));
    expect(logged[0]).toMatchObject({
      channel: "phone",
      direction: "outbound",
      summary: "Planned the spring visits",
      participants: [{ party: { kind: "organisation", id: 5 }, role: "" }],
      answers: null,
    });
    await waitFor(() => expect(screen.getByTestId("review-overdue")).toHaveTextContent("Nobody is overdue."));
    expect(screen.queryByTestId("review-overdue-alert")).toBeNull();
  });

  it("snoozes a contact until the chosen day, a week from today at first", async () => {
    const { handlers } = liveQueue();
    const snooze = vi.fn(handlers.snooze!);
    await setup({ ...handlers, snooze });

    const paolo = contactCard("person", 7);
    await fireEvent.click(within(paolo).getByTestId("review-snooze"));
    const date = within(paolo).getByTestId("review-snooze-date");
    expect(date).toHaveValue("2026-03-17");
    expect(date).toHaveFocus();

    await fireEvent.input(date, { target: { value: "2026-04-02" } });
    await fireEvent.click(within(paolo).getByTestId("review-snooze-confirm"));

    await waitFor(() => expect(snooze).toHaveBeenCalledWith({ party: { kind: "person", id: 7 }, until: "2026-04-02" }));
    await waitFor(() => expect(screen.getAllByTestId("review-contact")).toHaveLength(2));
    expect(session.status?.text).toBe("Paolo Neri is snoozed until April 2, 2026.");
  });

  it("refuses a snooze day that is not after today, and closes the form with Escape", async () => {
    const snooze = vi.fn(() => null);
    await setup({ review_queue: sampleQueue, snooze });

    const paolo = contactCard("person", 7);
    within(paolo).getByTestId("review-snooze").focus();
    await fireEvent.click(within(paolo).getByTestId("review-snooze"));
    await fireEvent.input(within(paolo).getByTestId("review-snooze-date"), { target: { value: "2026-03-10" } });
    await fireEvent.click(within(paolo).getByTestId("review-snooze-confirm"));
    expect(paolo).toHaveTextContent("Choose a day after today.");
    expect(snooze).not.toHaveBeenCalled();

    await fireEvent.keyDown(within(paolo).getByTestId("review-snooze-date"), { key: "Escape" });
    expect(within(paolo).queryByTestId("review-snooze-date")).toBeNull();
    expect(within(paolo).getByTestId("review-snooze")).toHaveFocus();
  });

  it("keeps a form open with the core's refusal when logging fails", async () => {
    await setup({
      review_queue: sampleQueue,
      log_interaction: () => {
        throw new BackendError("database", "disk full");
      },
    });
    const first = items()[0];
    await fireEvent.click(within(first).getByTestId("review-reply"));
    await fireEvent.input(within(first).getByTestId("review-reply-summary"), { target: { value: "Called back" } });
    await fireEvent.click(within(first).getByTestId("review-reply-send"));
    await waitFor(() => expect(within(first).getByRole("alert")).toHaveTextContent("disk full"));
    expect(within(first).getByTestId("review-reply-summary")).toHaveValue("Called back");
  });

  it("has a friendly word for each empty part, and no overdue count", async () => {
    await setup({ review_queue: emptyQueue });
    expect(screen.getByTestId("review-waiting")).toHaveTextContent("Nobody is waiting for an answer. Well done.");
    expect(screen.getByTestId("review-overdue")).toHaveTextContent("Nobody is overdue.");
    expect(screen.getByTestId("review-due")).toHaveTextContent("Nobody is due a call.");
    expect(screen.getByTestId("review-events")).toHaveTextContent("No partner events in the next three weeks.");
    expect(screen.queryByTestId("review-overdue-alert")).toBeNull();
    expect(screen.getByTestId("review-waiting-count")).toHaveTextContent("0");
  });

  it("says when the queue cannot be read, and tries again", async () => {
    let fail = true;
    vi.mocked(call).mockImplementation(
      fakeCall({
        review_queue: () => {
          if (fail) throw new BackendError("database", "locked");
          return sampleQueue();
        },
      }),
    );
    applyStartup(readyStartup());
    render(Today, { profile });

    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("The list of who needs you could not be read."));
    expect(screen.queryByTestId("review-waiting")).toBeNull();
    expect(screen.getByText("Planned for today")).toBeInTheDocument();

    fail = false;
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
