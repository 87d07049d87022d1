// Publishing from the editor against a scripted backend: the editor saves first, each network's outcome is
// shown (the link, or the server's message with "Try again"), and a consent refusal goes back to the editor.
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
};

function setup(publish: () => unknown, postState: "ready" | "failed" = "ready") {
  const saved = vi.fn(async () => true);
  const onpublished = vi.fn();
  const onrefused = vi.fn();
  vi.mocked(call).mockImplementation(
    fakeCall({ post_publications: () => [], publish_post: publish as never }),
  );
  render(PublishPanel, { postId: 21, postState, beforePublishing: saved, onpublished, onrefused });
  return { saved, onpublished, onrefused };
}

describe("publishing a ready post", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("saves first, publishes, and links to the published post", async () => {
    const { saved, onpublished } = setup(() => ({ post_id: 21, publications: [published], not_connected: [] }));
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
    setup(() => ({ post_id: 21, publications: [failed], not_connected: [] }), "failed");
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
});
