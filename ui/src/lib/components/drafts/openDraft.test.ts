// The way into the editor from elsewhere: the calendar's post form offers "Edit text", which records the
// post and moves to Drafts.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { call } from "$lib/backend";
import PostForm from "$lib/components/PostForm.svelte";
import { applyStartup, session } from "$lib/session.svelte";
import { fakeCall, post, profile, readyStartup, resetSession } from "../../../test/fixtures";
import { draftRequest, openDraft, takeDraftRequest } from "./openDraft.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

describe("openDraft", () => {
  beforeEach(() => {
    resetSession();
    draftRequest.id = null;
    vi.mocked(call).mockImplementation(fakeCall({ list_events: () => [] }));
    applyStartup(readyStartup());
  });

  it("records the post once and moves to Drafts", () => {
    openDraft(5);
    expect(session.section).toBe("drafts");
    expect(takeDraftRequest()).toBe(5);
    expect(takeDraftRequest()).toBeNull();
  });

  it("is offered by the post form for a stored post only", async () => {
    const onclose = vi.fn();
    const { unmount } = render(PostForm, { profile, campaigns: [], post: post({ id: 11 }), onsaved: vi.fn(), onclose });
    await fireEvent.click(screen.getByTestId("post-edit-text"));
    expect(session.section).toBe("drafts");
    expect(draftRequest.id).toBe(11);
    unmount();

    render(PostForm, { profile, campaigns: [], onsaved: vi.fn(), onclose });
    expect(screen.queryByTestId("post-edit-text")).toBeNull();
  });
});
