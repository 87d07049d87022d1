// How people responded to a campaign, against a scripted backend: the totals (replies first) and each post on
// each network, "not counted yet" until the networks are asked, and the counts once "Update" asked them.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { call } from "$lib/backend";
import type { CampaignReport } from "$lib/bindings/CampaignReport";
import { session } from "$lib/session.svelte";
import { campaign, fakeCall, resetSession } from "../../test/fixtures";
import CampaignResponse from "./CampaignResponse.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const uncounted: CampaignReport = {
  campaign_id: campaign.id,
  posts: [
    {
      post_id: 8,
      published_at: "2026-03-04T09:00:00Z",
      text: "Quale libro leggevate da piccoli?",
      networks: [
        { network: "mastodon", url: "https://mastodon.example/@salaborsa/11001", reach: null, counted_at: null },
        { network: "bluesky", url: null, reach: null, counted_at: null },
      ],
    },
  ],
  totals: { replies: 0, boosts: 0, favourites: 0 },
  conversations: 3,
  awaiting_reply: 1,
  counted_at: null,
};

describe("a campaign's response", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("shows what was logged, and pulls the networks' counts on request", async () => {
    const counted: CampaignReport = {
      ...uncounted,
      posts: [
        {
          ...uncounted.posts[0],
          networks: uncounted.posts[0].networks.map((n, i) => ({
            ...n,
            reach: i === 0 ? { replies: 4, boosts: 7, favourites: 12 } : { replies: 2, boosts: 3, favourites: 9 },
            counted_at: "2026-03-05T10:00:00Z",
          })),
        },
      ],
      totals: { replies: 6, boosts: 10, favourites: 21 },
      counted_at: "2026-03-05T10:00:00Z",
    };
    const refresh = vi.fn(() => counted);
    vi.mocked(call).mockImplementation(
      fakeCall({ campaign_report: () => uncounted, refresh_campaign_report: refresh }),
    );
    render(CampaignResponse, { campaign });
    const table = await screen.findByTestId("response-posts");
    expect(within(table).getAllByText("Not counted yet")).toHaveLength(2);
    expect(screen.getByText("1 still awaiting our answer.")).toBeInTheDocument();
    expect(within(screen.getByTestId("response-totals")).getByText("3")).toBeInTheDocument();

    await fireEvent.click(screen.getByTestId("response-refresh"));
    expect(refresh).toHaveBeenCalledWith({ id: campaign.id });
    await waitFor(() => expect(within(table).queryByText("Not counted yet")).toBeNull());
    const totals = screen.getByTestId("response-totals");
    expect(within(totals).getByText("Replies").nextElementSibling).toHaveTextContent("6");
    expect(within(totals).getByText("Favourites and likes").nextElementSibling).toHaveTextContent("21");
    expect(within(table).getByRole("link", { name: "Mastodon" })).toHaveAttribute("href", uncounted.posts[0].networks[0].url);
    expect(session.status?.text).toBe("Counts updated.");
  });

  it("says when nothing was published yet, with nothing to update", async () => {
    vi.mocked(call).mockImplementation(
      fakeCall({ campaign_report: () => ({ ...uncounted, posts: [], conversations: 0, awaiting_reply: 0 }) }),
    );
    render(CampaignResponse, { campaign });
    expect(await screen.findByText("Nothing published in this campaign yet.")).toBeInTheDocument();
    expect(screen.queryByTestId("response-refresh")).toBeNull();
  });
});
