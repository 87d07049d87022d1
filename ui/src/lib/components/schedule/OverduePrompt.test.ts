// The start-up question about Bluesky posts whose time passed while the app was closed, against a scripted
// backend: nothing goes out without the officer's choice; publishing now and not publishing each settle one.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { call } from "$lib/backend";
import type { Overdue } from "$lib/bindings/Overdue";
import { session } from "$lib/session.svelte";
import { fakeCall, resetSession } from "../../../test/fixtures";
import OverduePrompt from "./OverduePrompt.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const missed = (post_id: number, text: string): Overdue => ({
  post_id,
  network: "bluesky",
  scheduled_for: "2026-11-28T17:00:00Z",
  text,
});

describe("posts due while the app was closed", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("asks for each, and publishes or drops only what the officer chose", async () => {
    const publish = vi.fn(() => ({}) as never);
    const setState = vi.fn(() => ({}) as never);
    vi.mocked(call).mockImplementation(
      fakeCall({
        overdue_posts: () => [missed(4, "Sabato leggiamo insieme?"), missed(5, "Domenica sala ragazzi?")],
        publish_post: publish,
        set_post_state: setState,
      }),
    );
    render(OverduePrompt);
    const posts = await screen.findAllByTestId("overdue-post");
    expect(posts).toHaveLength(2);
    expect(publish).not.toHaveBeenCalled();

    await fireEvent.click(within(posts[0]).getByTestId("overdue-publish"));
    expect(publish).toHaveBeenCalledWith({ id: 4, network: "bluesky" });
    await waitFor(() => expect(screen.getAllByTestId("overdue-post")).toHaveLength(1));
    expect(session.status?.text).toBe("Published.");

    await fireEvent.click(within(screen.getByTestId("overdue-post")).getByTestId("overdue-cancel"));
    expect(setState).toHaveBeenCalledWith({ id: 5, state: "ready", override_reason: null });
    await waitFor(() => expect(screen.queryByTestId("overdue-prompt")).toBeNull());
  });

  it("shows nothing when nothing is overdue", async () => {
    const overdue = vi.fn(() => []);
    vi.mocked(call).mockImplementation(fakeCall({ overdue_posts: overdue }));
    render(OverduePrompt);
    await waitFor(() => expect(overdue).toHaveBeenCalled());
    expect(screen.queryByTestId("overdue-prompt")).toBeNull();
  });
});
