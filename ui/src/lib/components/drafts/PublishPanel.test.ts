// Publishing and scheduling from the editor against a scripted backend: the editor saves first, each
// network's outcome is shown (the link, the scheduled time and who holds it, or the server's message with "Try
// again"), and a consent refusal goes back to the editor.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { Publication } from "$lib/bindings/Publication";
import { fakeCall, resetSession } from "../../../test/fixtures";
import PublishPanel from "./PublishPanel.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const published: Publication = {
  network: "mastodon",
  status: "published",
  remote_id: "11001",
  url: "https://mastodon.example/@salaborsa/11001",
  error: null,
  attempted_at: "2026-11-29T09:00:00Z",
  published_at: "2026-11-29T09:00:02Z",
  scheduled_for: null,
};

/** Renders the panel; `after` gives the publications once the officer acted (or throws the refusal). */
function setup(after: () => Publication[], postState: "ready" | "failed" | "scheduled" = "ready", plannedAt: string | null = null) {
  const saved = vi.fn(async () => true);
  const onpublished = vi.fn();
  const onrefused = vi.fn();
  let held: Publication[] = [];
  const act = () => {
    held = after();
    return { post_id: 21, publications: held, not_connected: [] };
  };
  vi.mocked(call).mockImplementation(
    fakeCall({ post_publications: () => held, publish_post: act as never, set_post_state: act as never }),
  );
  render(PublishPanel, { postId: 21, postState, plannedAt, beforePublishing: saved, onpublished, onrefused });
  return { saved, onpublished, onrefused };
}

describe("publishing a ready post", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("saves first, publishes, and links to the published post", async () => {
    const { saved, onpublished } = setup(() => [published]);
    await fireEvent.click(screen.getByTestId("publish-now"));
    const outcome = await screen.findByTestId("publication");
    expect(saved).toHaveBeenCalled();
    expect(vi.mocked(call)).toHaveBeenCalledWith("publish_post", { id: 21, network: null });
    expect(outcome).toHaveAttribute("data-status", "published");
    expect(screen.getByRole("link")).toHaveAttribute("href", published.url);
    expect(onpublished).toHaveBeenCalled();
  });

  it("shows the server's message when a network refused", async () => {
    const failed: Publication = {
      ...published,
      status: "failed",
      url: null,
      published_at: null,
      error: "the server refused (422: Validation failed)",
    };
    setup(() => [failed], "failed");
    expect(screen.getByTestId("publish-now")).toHaveTextContent("Try again");
    await fireEvent.click(screen.getByTestId("publish-now"));
    expect(await screen.findByTestId("publication")).toHaveTextContent("Validation failed");
  });

  it("hands a consent refusal back to the editor", async () => {
    const { onrefused, onpublished } = setup(() => {
      throw new BackendError("consent_missing", "the post cannot become published: …");
    });
    await fireEvent.click(screen.getByTestId("publish-now"));
    await waitFor(() => expect(onrefused).toHaveBeenCalled());
    expect(onpublished).not.toHaveBeenCalled();
  });

  it("schedules a ready post for its planned time, saying who holds it", async () => {
    const at = "2099-12-12T09:30:00Z";
    const scheduled: Publication = { ...published, status: "scheduled", remote_id: "s1", url: null, published_at: null, scheduled_for: at };
    const { saved } = setup(() => [scheduled, { ...scheduled, network: "bluesky", remote_id: null }], "ready", at);
    await fireEvent.click(screen.getByTestId("publish-schedule"));
    await waitFor(() => expect(screen.getAllByTestId("publication")).toHaveLength(2));
    expect(saved).toHaveBeenCalled();
    expect(vi.mocked(call)).toHaveBeenCalledWith("set_post_state", { id: 21, state: "scheduled", override_reason: null });
    const [mastodon, bluesky] = screen.getAllByTestId("publication");
    expect(mastodon).toHaveTextContent("Held by the Mastodon server");
    expect(bluesky).toHaveTextContent("Agora publishes it at that time");
  });

  it("offers no schedule for a time already past, and cancels a schedule", async () => {
    setup(() => [], "ready", "2020-01-01T09:00:00Z");
    expect(screen.queryByTestId("publish-schedule")).toBeNull();
    document.body.innerHTML = "";
    setup(() => [], "scheduled", "2099-12-12T09:30:00Z");
    await fireEvent.click(screen.getByTestId("publish-unschedule"));
    expect(vi.mocked(call)).toHaveBeenCalledWith("set_post_state", { id: 21, state: "ready", override_reason: null });
  });
});
