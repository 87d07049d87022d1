// The Calendar section against a scripted backend: the real calendar component loads the visible range with
// `plan`, shows posts with their data-post-id, the planning helpers, and the post editor's PostInput.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call, chooseExportPath } from "$lib/backend";
import type { EventInput } from "$lib/bindings/EventInput";
import type { PostInput } from "$lib/bindings/PostInput";
import type { ArcTemplate } from "$lib/bindings/ArcTemplate";
import { addDays, addMinutes, DEFAULT_ARC_TEMPLATE } from "$lib/planning";
import { applyStartup } from "$lib/session.svelte";
import { session } from "$lib/session.svelte";
import {
  campaign,
  event,
  fakeCall,
  planView,
  post,
  profile,
  readyStartup,
  resetSession,
  type Handlers,
} from "../test/fixtures";
import Calendar from "./Calendar.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
  pickCalendarFile: vi.fn(),
  chooseExportPath: vi.fn(),
}));

/** A plan for whatever range the calendar asks, with one post on its fourth day at 10:00. */
function planFor({ from, to }: { from: string; to: string }, empty = false) {
  const view = planView(empty, from, to);
  view.posts = view.posts.map((p) => ({ ...p, planned_local: `${addDays(from, 3)}T10:00:00` }));
  return view;
}

async function setup(extra: Handlers = {}) {
  vi.mocked(call).mockImplementation(
    fakeCall({
      list_campaigns: () => [campaign],
      plan: (args) => planFor(args),
      list_events: ({ from }) => [event({}, addDays(from, 10))],
      ...extra,
    }),
  );
  applyStartup(readyStartup());
  const result = render(Calendar, { profile });
  await waitFor(() => expect(vi.mocked(call)).toHaveBeenCalledWith("plan", expect.objectContaining({ campaign_id: null })));
  return result;
}

const field = (id: string) => document.getElementById(id) as HTMLInputElement;

describe("Calendar", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("loads the visible range and shows posts, view buttons and the planning helpers", async () => {
    const { container } = await setup();
    const panel = screen.getByTestId("plan-warnings");
    await waitFor(() => expect(panel).toHaveTextContent("No community story planned for this month."));
    expect(panel).toHaveTextContent("Announcements are 100% of the posts planned for this month (aim for at most 70%).");
    expect(panel).toHaveTextContent("Announcements: 100% (aim for at most 70%)");

    await waitFor(() => expect(container.querySelector("[data-post-id='11']")).not.toBeNull());
    expect(container.querySelector("[data-post-id='11']")).toHaveTextContent("Reading festival opens Monday!");
    for (const view of ["dayGridMonth", "timeGridWeek", "listMonth"]) {
      expect(container.querySelector(`button.ec-${view}`)).not.toBeNull();
    }
    expect(container.querySelector("button.ec-dayGridMonth")).toHaveTextContent("Month");
    expect(container.querySelector("button.ec-listMonth")).toHaveTextContent("Agenda");
  });

  it("shows the weekly listening time in the week view", async () => {
    const { container } = await setup();
    await fireEvent.click(container.querySelector("button.ec-timeGridWeek")!);
    await waitFor(() => expect(container.querySelector("[data-listening='true']")).not.toBeNull());
    expect(container.querySelectorAll("[data-listening='true']")).toHaveLength(5);
    expect(screen.getByTestId("plan-warnings")).toHaveTextContent("for this week");
  });

  it("is honest when nothing is planned yet", async () => {
    await setup({ plan: (args) => planFor(args, true) });
    await waitFor(() => expect(screen.getByTestId("plan-warnings")).toHaveTextContent("Nothing planned here yet."));
  });

  it("hides posts that do not pass the filters", async () => {
    const { container } = await setup();
    await waitFor(() => expect(container.querySelector("[data-post-id='11']")).not.toBeNull());
    await fireEvent.change(screen.getByTestId("filter-category"), { target: { value: "2" } });
    await waitFor(() => expect(container.querySelector("[data-post-id='11']")).toBeNull());
  });

  it("submits a new post as the right PostInput", async () => {
    const add = vi.fn(({ post: input }: { post: PostInput }) => post({ ...input, id: 12, planned_local: input.planned_at }));
    await setup({ add_post: add });

    await fireEvent.click(screen.getByTestId("post-new"));
    const form = screen.getByTestId("post-form");
    expect(field("post-channel-mastodon")).toBeChecked();
    await fireEvent.change(field("post-campaign"), { target: { value: "7" } });
    await fireEvent.change(field("post-category"), { target: { value: "2" } });
    await fireEvent.input(field("post-at"), { target: { value: "2026-03-05T18:30" } });
    await fireEvent.change(field("post-state"), { target: { value: "ready" } });
    await fireEvent.input(field("post-text-mastodon"), { target: { value: "Tell us: what is your child reading?" } });
    expect(within(form).queryByLabelText("Text for Bluesky")).toBeNull();

    await fireEvent.click(screen.getByTestId("post-save"));

    await waitFor(() => expect(add).toHaveBeenCalledTimes(1));
    expect(add.mock.calls[0][0].post).toEqual({
      campaign_id: 7,
      category_id: 2,
      event_id: null,
      planned_at: "2026-03-05T18:30:00",
      state: "ready",
      channels: [{ network: "mastodon", text: "Tell us: what is your child reading?" }],
    } satisfies PostInput);
    await waitFor(() => expect(screen.queryByTestId("post-form")).toBeNull());
  });

  it("opens a post from the calendar and shows a planned_at error next to the time", async () => {
    const update = vi.fn(() => {
      throw new BackendError("invalid_input", "outside the campaign", "planned_at");
    });
    const { container } = await setup({ update_post: update });
    await waitFor(() => expect(container.querySelector("[data-post-id='11']")).not.toBeNull());

    await fireEvent.click(container.querySelector("[data-post-id='11']")!);
    expect(screen.getByTestId("post-form")).toBeInTheDocument();
    expect(field("post-text-mastodon").value).toBe("Reading festival opens Monday!");
    await fireEvent.click(screen.getByTestId("post-save"));

    await waitFor(() => expect(field("post-at")).toHaveAttribute("aria-invalid", "true"));
    expect(update.mock.calls[0]).toEqual([expect.objectContaining({ id: 11 })]);
    expect(document.getElementById("post-at-error")).toHaveTextContent("outside the campaign's dates");
  });

  describe("events", () => {
    const report = { added: 3, updated: 0, unchanged: 0, posts_moved: 0, posts_kept: 0 };

    async function openImport(extra: Handlers) {
      await setup(extra);
      await fireEvent.click(screen.getByTestId("events-import"));
      expect(screen.getByTestId("events-import-form")).toHaveTextContent("updates the events you already have");
      await fireEvent.input(field("events-url"), { target: { value: "https://comune.example/eventi.ics" } });
      await fireEvent.click(screen.getByTestId("events-import-url"));
    }

    it("imports by URL, shows the report and reloads the calendar", async () => {
      const importUrl = vi.fn(() => ({ ...report, posts_moved: 2, posts_kept: 1 }));
      await openImport({ import_events_url: importUrl });

      const shown = await screen.findByTestId("events-import-report");
      expect(importUrl).toHaveBeenCalledWith({ url: "https://comune.example/eventi.ics" });
      expect(shown).toHaveTextContent("3 events added, 0 updated, 0 unchanged");
      expect(shown).toHaveTextContent("2 posts moved with their event; 1 edited posts left where they were — check them.");
      expect(session.status?.text).toBe("3 events added, 0 updated, 0 unchanged");
      const eventLoads = () => vi.mocked(call).mock.calls.filter(([command]) => command === "list_events").length;
      await waitFor(() => expect(eventLoads()).toBe(2));
    });

    it("shows a network error with its detail", async () => {
      await openImport({
        import_events_url: () => {
          throw new BackendError("network", "the address answered 404 Not Found");
        },
      });
      const alert = await within(screen.getByTestId("events-import-form")).findByRole("alert");
      expect(alert).toHaveTextContent("The calendar could not be downloaded.");
      expect(alert).toHaveTextContent("the address answered 404 Not Found");
      expect(screen.queryByTestId("events-import-report")).toBeNull();
    });

    it("shows the line of a broken calendar file", async () => {
      const line = "file: line 25: the event “Letture” has no valid DTSTART";
      await openImport({
        import_events_url: () => {
          throw new BackendError("invalid_input", line, "file");
        },
      });
      const alert = await within(screen.getByTestId("events-import-form")).findByRole("alert");
      expect(alert).toHaveTextContent("This calendar file could not be read.");
      expect(alert).toHaveTextContent(line);
    });

    it("shows events apart from posts and creates the posts of one", async () => {
      const generate = vi.fn(() => [post({ id: 41, event_id: 31 })]);
      const { container } = await setup({ generate_arc: generate });
      const entry = await waitFor(() => {
        const found = container.querySelector<HTMLElement>("[data-event-id='31']");
        expect(found).not.toBeNull();
        return found!;
      });
      expect(entry).toHaveTextContent("Incontro con l'autrice");
      expect(entry).toHaveClass("agora-event");

      await fireEvent.click(entry);
      const panel = screen.getByTestId("event-panel");
      expect(panel).toHaveTextContent("5:00 – 6:30 PM"); // 16:00–17:30 UTC in Europe/Rome
      expect(panel).toHaveTextContent("https://comune.example/prenota");
      expect(within(panel).queryByRole("link")).toBeNull();
      const preview = within(panel).getByTestId("arc-preview");
      expect(preview.querySelectorAll("li")).toHaveLength(4);
      expect(preview).toHaveTextContent("09:00");
      expect(field("arc-channel-mastodon")).toBeChecked();

      await fireEvent.change(field("arc-campaign"), { target: { value: "7" } });
      await fireEvent.click(screen.getByTestId("arc-generate"));

      await waitFor(() => expect(generate).toHaveBeenCalledTimes(1));
      expect(generate).toHaveBeenCalledWith({
        event_id: 31,
        campaign_id: 7,
        template: { ...DEFAULT_ARC_TEMPLATE, channels: ["mastodon"] },
      });
      await waitFor(() => expect(screen.queryByTestId("event-panel")).toBeNull());
      expect(session.status?.text).toBe("1 draft posts created.");
    });

    async function openEvent(extra: Handlers) {
      const result = await setup(extra);
      await waitFor(() => expect(result.container.querySelector("[data-event-id='31']")).not.toBeNull());
      await fireEvent.click(result.container.querySelector("[data-event-id='31']")!);
      return { ...result, panel: screen.getByTestId("event-panel") };
    }

    it("edits the arc's timing: the preview follows and generate_arc receives the edited template", async () => {
      const generate = vi.fn((_: { template: ArcTemplate }) => [post({ id: 41, event_id: 31 })]);
      const loaded: ArcTemplate = {
        steps: DEFAULT_ARC_TEMPLATE.steps.map((s) => (s.kind === "reminder" ? { ...s, offset_days: -3 } : s)),
        channels: [],
      };
      const { panel } = await openEvent({ default_arc_template: () => loaded, generate_arc: generate });
      const preview = within(panel).getByTestId("arc-preview");
      const item = (kind: string) => preview.querySelector(`[data-step='${kind}']`);
      // The event is on the local day of its start, whatever month the calendar shows.
      const day = document.getElementById("event-move-at") as HTMLInputElement;
      const eventDay = day.value.slice(0, 10);
      const [y, m, d] = addDays(eventDay, -3).split("-").map(Number);
      const label = (yy: number, mm: number, dd: number, time: string) => {
        const [hh, mi] = time.split(":").map(Number);
        return new Intl.DateTimeFormat("en", {
          weekday: "short",
          day: "numeric",
          month: "long",
          hour: "2-digit",
          minute: "2-digit",
          timeZone: "UTC",
        }).format(new Date(Date.UTC(yy, mm - 1, dd, hh, mi)));
      };
      await waitFor(() => expect(field("arc-offset-reminder").value).toBe("-3"));
      expect(item("reminder")).toHaveTextContent(label(y, m, d, "10:00"));

      await fireEvent.input(field("arc-offset-announcement"), { target: { value: "-7" } });
      await fireEvent.input(field("arc-time-announcement"), { target: { value: "18:30" } });
      const [ay, am, ad] = addDays(eventDay, -7).split("-").map(Number);
      await waitFor(() => expect(item("announcement")).toHaveTextContent(label(ay, am, ad, "18:30")));

      await fireEvent.click(field("arc-step-thanks"));
      expect(field("arc-step-thanks")).not.toBeChecked();
      expect(item("thanks")).toBeNull();
      expect(preview.querySelectorAll("li")).toHaveLength(3);

      await fireEvent.click(screen.getByTestId("arc-generate"));
      await waitFor(() => expect(generate).toHaveBeenCalledTimes(1));
      expect(generate.mock.calls[0][0]).toEqual({
        event_id: 31,
        campaign_id: null,
        template: {
          steps: [
            { kind: "announcement", offset_days: -7, at: "18:30:00" },
            { kind: "reminder", offset_days: -3, at: "10:00:00" },
            { kind: "day_of", offset_days: 0, at: "09:00:00" },
          ],
          channels: ["mastodon"],
        },
      });
    });

    it("asks before moving an event and moves its posts with it", async () => {
      const reschedule = vi.fn((_: { id: number; starts_at: string; move_posts: boolean }) => ({
        posts_moved: 3,
        posts_kept: 1,
      }));
      const { panel } = await openEvent({
        plan: (args) => {
          const view = planFor(args);
          view.posts = [view.posts[0], { ...view.posts[0], id: 12, event_id: 31 }, { ...view.posts[0], id: 13, event_id: 31 }];
          return view;
        },
        reschedule_event: reschedule,
      });
      const at = field("event-move-at");
      expect(at.type).toBe("datetime-local");
      expect(at.value).toMatch(/T17:00$/); // 16:00 UTC is 17:00 in Rome
      await fireEvent.input(at, { target: { value: "2026-03-27T18:30" } });
      await fireEvent.click(within(panel).getByTestId("event-move"));

      const confirm = screen.getByTestId("event-move-confirm");
      expect(within(confirm).getByTestId("event-move-with-posts")).toHaveTextContent("Move the event and its 2 posts");
      expect(reschedule).not.toHaveBeenCalled();
      await fireEvent.click(within(confirm).getByTestId("event-move-with-posts"));

      await waitFor(() => expect(reschedule).toHaveBeenCalledTimes(1));
      expect(reschedule.mock.calls[0][0]).toEqual({ id: 31, starts_at: "2026-03-27T18:30:00", move_posts: true });
      await waitFor(() => expect(screen.queryByTestId("event-panel")).toBeNull());
      expect(session.status?.text).toBe("Event moved; 3 posts moved with it; 1 edited post left where it was — check it.");
      const planLoads = () => vi.mocked(call).mock.calls.filter(([command]) => command === "plan").length;
      await waitFor(() => expect(planLoads()).toBeGreaterThan(1));
    });

    it("moves only the event when asked, and cancel does nothing", async () => {
      const reschedule = vi.fn((_: { id: number; starts_at: string; move_posts: boolean }) => ({
        posts_moved: 0,
        posts_kept: 0,
      }));
      const { panel } = await openEvent({ reschedule_event: reschedule });
      await fireEvent.input(field("event-move-at"), { target: { value: "2026-03-21T10:00" } });

      await fireEvent.click(within(panel).getByTestId("event-move"));
      await fireEvent.click(screen.getByTestId("event-move-cancel"));
      expect(screen.queryByTestId("event-move-confirm")).toBeNull();
      expect(reschedule).not.toHaveBeenCalled();

      await fireEvent.click(within(panel).getByTestId("event-move"));
      await fireEvent.click(screen.getByTestId("event-move-only"));
      await waitFor(() => expect(reschedule).toHaveBeenCalledTimes(1));
      expect(reschedule.mock.calls[0][0]).toEqual({ id: 31, starts_at: "2026-03-21T10:00:00", move_posts: false });
      await waitFor(() => expect(session.status?.text).toBe("Event moved."));
    });

    it("shows why the posts do not fit the campaign", async () => {
      const { container } = await setup({
        generate_arc: () => {
          throw new BackendError("invalid_input", "planned_at: 2026-03-06 is before the campaign starts", "planned_at");
        },
      });
      await waitFor(() => expect(container.querySelector("[data-event-id='31']")).not.toBeNull());
      await fireEvent.click(container.querySelector("[data-event-id='31']")!);
      await fireEvent.click(screen.getByTestId("arc-generate"));
      const alert = await within(screen.getByTestId("event-panel")).findByRole("alert");
      expect(alert).toHaveTextContent("outside the campaign's dates");
      expect(alert).toHaveTextContent("2026-03-06 is before the campaign starts");
    });

    it("adds an event by hand: add_event receives the right EventInput, then the calendar reloads", async () => {
      const add = vi.fn(({ event: input }: { event: EventInput }) => event({ ...input, id: 32, uid: null }));
      await setup({ add_event: add });
      await fireEvent.click(screen.getByTestId("event-new"));
      const form = screen.getByTestId("event-form");
      expect(field("event-start").type).toBe("datetime-local");
      expect(field("event-start").value).toMatch(/T18:00$/);
      expect(field("event-end").value).toBe(addMinutes(field("event-start").value, 90));
      expect(form).toHaveTextContent("Leave empty if free.");

      await fireEvent.input(field("event-title"), { target: { value: "  Letture ad alta voce " } });
      await fireEvent.input(field("event-start"), { target: { value: "2026-03-27T17:00" } });
      expect(field("event-end").value).toBe("2026-03-27T18:30"); // the end follows the start until changed
      await fireEvent.input(field("event-end"), { target: { value: "2026-03-27T18:00" } });
      await fireEvent.input(field("event-place"), { target: { value: "Sala ragazzi" } });
      await fireEvent.input(field("event-audience"), { target: { value: "Famiglie" } });
      await fireEvent.input(field("event-booking"), { target: { value: "https://comune.example/letture" } });
      await fireEvent.input(field("event-accessibility"), { target: { value: "Accesso senza gradini" } });
      await fireEvent.click(screen.getByTestId("event-save"));

      await waitFor(() => expect(add).toHaveBeenCalledTimes(1));
      expect(add.mock.calls[0][0].event).toEqual({
        title: "Letture ad alta voce",
        starts_at: "2026-03-27T17:00:00",
        ends_at: "2026-03-27T18:00:00",
        place: "Sala ragazzi",
        audience: "Famiglie",
        price: "",
        booking_url: "https://comune.example/letture",
        accessibility: "Accesso senza gradini",
      } satisfies EventInput);
      await waitFor(() => expect(screen.queryByTestId("event-form")).toBeNull());
      expect(session.status?.text).toBe("Event saved.");
      const eventLoads = () => vi.mocked(call).mock.calls.filter(([command]) => command === "list_events").length;
      await waitFor(() => expect(eventLoads()).toBe(2));
    });

    it("shows an ends_at error next to the end field", async () => {
      const add = vi.fn((): never => {
        throw new BackendError("invalid_input", "ends_at: the event ends before it starts", "ends_at");
      });
      await setup({ add_event: add });
      await fireEvent.click(screen.getByTestId("event-new"));
      await fireEvent.input(field("event-title"), { target: { value: "Letture" } });
      await fireEvent.input(field("event-end"), { target: { value: "2026-03-27T16:00" } });
      await fireEvent.click(screen.getByTestId("event-save"));

      await waitFor(() => expect(field("event-end")).toHaveAttribute("aria-invalid", "true"));
      expect(document.getElementById("event-end-error")).toHaveTextContent("The end must come after the start");
      expect(field("event-end").getAttribute("aria-describedby")).toContain("event-end-error");
      expect(field("event-start")).not.toHaveAttribute("aria-invalid");
      await waitFor(() => expect(document.activeElement).toBe(field("event-end")));
      expect(screen.getByTestId("event-form")).toBeInTheDocument();
    });

    it("edits an event's details with update_event and shows them in the panel", async () => {
      const update = vi.fn(({ id, event: input }: { id: number; event: EventInput }) =>
        event({ id, title: input.title, price: input.price }),
      );
      const { panel } = await openEvent({ update_event: update });
      expect(panel).toHaveTextContent("Adulti");
      expect(panel).toHaveTextContent("Free");
      expect(panel).toHaveTextContent("Accessibile in sedia a rotelle");
      const day = field("event-move-at").value.slice(0, 10);

      await fireEvent.click(within(panel).getByTestId("event-edit"));
      const form = screen.getByTestId("event-form");
      expect(screen.queryByTestId("event-panel")).toBeNull();
      expect(form).toHaveTextContent("does not move the event's posts");
      expect(field("event-title").value).toBe("Incontro con l'autrice");
      expect(field("event-start").value).toBe(`${day}T17:00`); // 16:00 UTC in Rome
      expect(field("event-end").value).toBe(`${day}T18:30`);
      expect(field("event-booking").value).toBe("https://comune.example/prenota");

      await fireEvent.input(field("event-title"), { target: { value: "Incontro con l'autrice Rossi" } });
      await fireEvent.input(field("event-price"), { target: { value: "5 €" } });
      await fireEvent.input(field("event-end"), { target: { value: `${day}T19:00` } });
      await fireEvent.click(screen.getByTestId("event-save"));

      await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
      expect(update.mock.calls[0][0]).toEqual({
        id: 31,
        event: {
          title: "Incontro con l'autrice Rossi",
          starts_at: `${day}T17:00:00`,
          ends_at: `${day}T19:00:00`,
          place: "Sala conferenze",
          audience: "Adulti",
          price: "5 €",
          booking_url: "https://comune.example/prenota",
          accessibility: "Accessibile in sedia a rotelle",
        } satisfies EventInput,
      });
      const reopened = await screen.findByTestId("event-panel");
      expect(reopened).toHaveTextContent("Incontro con l'autrice Rossi");
      expect(reopened).toHaveTextContent("5 €");
      expect(session.status?.text).toBe("Event saved.");
    });

    it("links a post to an event: the editor sends its event_id", async () => {
      const add = vi.fn(({ post: input }: { post: PostInput }) => post({ ...input, id: 12, planned_local: input.planned_at }));
      await setup({ add_post: add });
      await fireEvent.click(screen.getByTestId("post-new"));
      const choice = field("post-event");
      await waitFor(() => expect(choice.querySelector("option[value='31']")).not.toBeNull());
      expect(choice.value).toBe("");
      expect(screen.queryByTestId("post-event-linked")).toBeNull();

      await fireEvent.change(choice, { target: { value: "31" } });
      expect(screen.getByTestId("post-event-linked")).toHaveTextContent("For the event: Incontro con l'autrice");
      await fireEvent.input(field("post-at"), { target: { value: "2026-03-18T10:00" } });
      await fireEvent.input(field("post-text-mastodon"), { target: { value: "Giovedì incontriamo l'autrice!" } });
      await fireEvent.click(screen.getByTestId("post-save"));

      await waitFor(() => expect(add).toHaveBeenCalledTimes(1));
      expect(add.mock.calls[0][0].post).toEqual(expect.objectContaining({ event_id: 31, planned_at: "2026-03-18T10:00:00" }));
    });

    it("shows the linked event of a stored post", async () => {
      const { container } = await setup({
        plan: (args) => {
          const view = planFor(args);
          view.posts = view.posts.map((p) => ({ ...p, event_id: 31 }));
          return view;
        },
      });
      await waitFor(() => expect(container.querySelector("[data-post-id='11']")).not.toBeNull());
      await fireEvent.click(container.querySelector("[data-post-id='11']")!);
      await waitFor(() => expect(screen.getByTestId("post-event-linked")).toHaveTextContent("Incontro con l'autrice"));
      expect(field("post-event").value).toBe("31");
    });

    it("exports the campaign chosen in the filter", async () => {
      const exported = vi.fn(({ path }: { path: string; campaign_id: number | null }) => path);
      vi.mocked(chooseExportPath).mockResolvedValue("/home/giulia/festa.ics");
      await setup({ export_calendar: exported });
      await fireEvent.change(screen.getByTestId("filter-campaign"), { target: { value: "7" } });
      await fireEvent.click(screen.getByTestId("calendar-export"));

      await waitFor(() => expect(exported).toHaveBeenCalledWith({ path: "/home/giulia/festa.ics", campaign_id: 7 }));
      expect(vi.mocked(chooseExportPath)).toHaveBeenCalledWith(expect.any(String), "festa-della-lettura.ics");
      await waitFor(() => expect(session.status?.text).toBe("Calendar saved to /home/giulia/festa.ics."));
    });
  });
});
