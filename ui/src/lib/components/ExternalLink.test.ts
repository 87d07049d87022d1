// Links to pages outside Agora: a web address opens in the browser through the backend (never in the
// window); a `javascript:`, `data:` or `file:` address is shown as text; a browser that cannot be opened is
// said, with the address.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import { webAddress } from "$lib/links";
import { session } from "$lib/session.svelte";
import { resetSession } from "../../test/fixtures";
import ExternalLink from "./ExternalLink.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const label = createRawSnippet(() => ({ render: () => "<span>Apri</span>" }));

describe("links to pages outside Agora", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("keeps only web addresses", () => {
    expect(webAddress("https://mastodon.example/@salaborsa/1")).toBe("https://mastodon.example/@salaborsa/1");
    for (const hostile of ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd", "", null]) {
      expect(webAddress(hostile), String(hostile)).toBeNull();
    }
  });

  it("opens a web address in the browser, not in the window", async () => {
    vi.mocked(call).mockResolvedValue(null);
    render(ExternalLink, { href: "https://mastodon.example/@salaborsa/1", children: label });
    const link = screen.getByRole("link", { name: "Apri" });
    expect(link.getAttribute("href")).toBe("https://mastodon.example/@salaborsa/1");
    const followed = await fireEvent.click(link);
    expect(followed, "the window does not follow the link").toBe(false);
    expect(call).toHaveBeenCalledWith("open_link", { url: "https://mastodon.example/@salaborsa/1" });
  });

  it("shows a script address as text", () => {
    render(ExternalLink, { href: "javascript:window.__xss=1", children: label });
    expect(screen.queryByRole("link")).toBeNull();
    expect(screen.getByText("Apri")).toBeTruthy();
  });

  it("says when the browser cannot be opened, with the address", async () => {
    vi.mocked(call).mockRejectedValue(new BackendError("internal", "no browser"));
    render(ExternalLink, { href: "https://bsky.app/profile/x/post/1", children: label });
    await fireEvent.click(screen.getByRole("link"));
    await waitFor(() => expect(session.status?.text).toContain("https://bsky.app/profile/x/post/1"));
  });
});
