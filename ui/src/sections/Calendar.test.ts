// The Calendar section against a scripted backend: the real calendar component loads the visible range with
// `plan`, shows posts with their data-post-id, the planning helpers, and the post editor's PostInput.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { call } from "$lib/backend";
import type { PostInput } from "$lib/bindings/PostInput";
import { addDays } from "$lib/planning";
import { applyStartup } from "$lib/session.svelte";
import { campaign, fakeCall, planView, post, profile, readyStartup, resetSession, type Handlers } from "../test/fixtures";
import Calendar from "./Calendar.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

/** A plan for whatever range the calendar asks, with one post on its fourth day at 10:00. */
function planFor({ from, to }: { from: string; to: string }, empty = false) {
  const view = planView(empty, from, to);
  view.posts = view.posts.map((p) => ({ ...p, planned_local: `${addDays(from, 3)}T10:00:00` }));
  return view;
}

async function setup(extra: Handlers = {}) {
  vi.mocked(call).mockImplementation(
    fakeCall({ list_campaigns: () => [campaign], plan: (args) => planFor(args), ...extra }),
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
    const { BackendError } = await import("$lib/backend");
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
});
