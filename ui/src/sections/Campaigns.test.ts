// Campaigns against a scripted backend: the campaign form builds the right input, checks the mix total,
// shows the core's field errors; a saved campaign opens its page with the mix chart and warnings.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call, chooseExportPath } from "$lib/backend";
import type { CampaignInput } from "$lib/bindings/CampaignInput";
import { campaign, fakeCall, planView, profile, readyStartup, resetSession, type Handlers } from "../test/fixtures";
import { applyStartup, session } from "$lib/session.svelte";
import Campaigns from "./Campaigns.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
  chooseExportPath: vi.fn(),
}));

function setup(extra: Handlers = {}) {
  vi.mocked(call).mockImplementation(
    fakeCall({
      list_campaigns: () => [],
      default_audiences: () => ["Famiglie 0-6", "Bambini", "Ragazzi"],
      plan: () => planView(),
      ...extra,
    }),
  );
  applyStartup(readyStartup());
  return render(Campaigns, { profile });
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;

async function fillBasics() {
  await fireEvent.click(await screen.findByTestId("campaign-new"));
  const form = screen.getByTestId("campaign-form");
  await fireEvent.input(input("campaign-name"), { target: { value: "Festa della lettura" } });
  await fireEvent.input(input("campaign-objective"), { target: { value: "Invite families to tell what they read" } });
  await fireEvent.input(input("campaign-target-count"), { target: { value: "40" } });
  await fireEvent.input(input("campaign-target-unit"), { target: { value: "replies" } });
  await fireEvent.input(input("campaign-start"), { target: { value: "2026-03-01" } });
  await fireEvent.input(input("campaign-end"), { target: { value: "2026-03-31" } });
  return form;
}

describe("Campaigns", () => {
  beforeEach(resetSession);

  it("keeps the categories in the empty state and builds the right CampaignInput", async () => {
    const add = vi.fn((_: { campaign: CampaignInput }) => campaign);
    setup({ add_campaign: add });
    expect(await screen.findByTestId("campaign-categories")).toHaveTextContent("Storie della comunità");

    const form = await fillBasics();
    await fireEvent.change(input("campaign-status"), { target: { value: "running" } });
    await fireEvent.input(input("campaign-owner"), { target: { value: "Giulia" } });
    await fireEvent.click(await within(form).findByRole("button", { name: "Famiglie 0-6" }));
    await fireEvent.input(input("campaign-audience-new"), { target: { value: "Nonni" } });
    await fireEvent.click(within(form).getByRole("button", { name: "Add an audience" }));
    await fireEvent.click(input("campaign-channel-mastodon"));
    await fireEvent.input(input("mix-1"), { target: { value: "60" } });
    await fireEvent.input(input("mix-2"), { target: { value: "40" } });
    expect(screen.getByTestId("campaign-mix-total")).toHaveTextContent("Total: 100%");

    await fireEvent.click(screen.getByTestId("campaign-save"));

    await waitFor(() => expect(add).toHaveBeenCalledTimes(1));
    expect(add.mock.calls[0][0].campaign).toEqual({
      name: "Festa della lettura",
      objective: "Invite families to tell what they read",
      target_count: 40,
      target_unit: "replies",
      starts_on: "2026-03-01",
      ends_on: "2026-03-31",
      status: "running",
      owner: "Giulia",
      notes: "",
      colour: "",
      audiences: ["Famiglie 0-6", "Nonni"],
      channels: ["mastodon"],
      mix_targets: [
        { category_id: 1, share: 60 },
        { category_id: 2, share: 40 },
      ],
    } satisfies CampaignInput);

    // The saved campaign opens on its page: mix planned against target, warnings, posts, the honest progress note.
    const mix = await screen.findByTestId("campaign-mix");
    expect(mix).toHaveTextContent("planned 100%");
    expect(mix).toHaveTextContent("target 60%");
    expect(mix).toHaveTextContent("target 40%");
    expect(screen.getByTestId("campaign-warnings")).toHaveTextContent("No community story planned for this campaign.");
    expect(screen.getByTestId("campaign-timeline")).toHaveTextContent("Reading festival opens Monday!");
    expect(screen.getByText(/once replies and conversations are logged/)).toBeInTheDocument();
    expect(vi.mocked(call)).toHaveBeenCalledWith("plan", { from: "2026-03-01", to: "2026-03-31", campaign_id: 7 });
  });

  it("blocks saving while the mix does not add up to 100", async () => {
    const add = vi.fn(() => campaign);
    setup({ add_campaign: add });
    await fillBasics();
    await fireEvent.input(input("mix-1"), { target: { value: "70" } });
    await fireEvent.input(input("mix-2"), { target: { value: "40" } });
    expect(screen.getByTestId("campaign-mix-total")).toHaveTextContent("Total: 110%");

    await fireEvent.click(screen.getByTestId("campaign-save"));

    expect(screen.getByRole("alert")).toHaveTextContent("The shares must add up to 100% (now 110%)");
    expect(add).not.toHaveBeenCalled();
    expect(screen.getByTestId("campaign-mix-total")).toHaveFocus();
  });

  it("shows the core's ends_on error next to the end date", async () => {
    setup({
      add_campaign: () => {
        throw new BackendError("invalid_input", "ends before it starts", "ends_on");
      },
    });
    await fillBasics();
    await fireEvent.input(input("campaign-end"), { target: { value: "2026-02-01" } });
    await fireEvent.click(screen.getByTestId("campaign-save"));

    await waitFor(() => expect(input("campaign-end")).toHaveAttribute("aria-invalid", "true"));
    expect(document.getElementById("campaign-end-error")).toHaveTextContent(
      "The end date cannot come before the start date.",
    );
    expect(input("campaign-end")).toHaveFocus();
    expect(screen.getByTestId("campaign-form")).toBeInTheDocument();
  });

  it("lists campaigns as cards and edits one with update_campaign", async () => {
    const update = vi.fn(({ campaign: c }: { id: number; campaign: CampaignInput }) => ({ ...campaign, ...c }));
    setup({ list_campaigns: () => [campaign], update_campaign: update });
    const card = await screen.findByTestId("campaign-card-7");
    expect(card).toHaveTextContent("Festa della lettura");
    expect(card).toHaveTextContent("Running");
    expect(card).toHaveTextContent("Target: 40 replies");

    await fireEvent.click(card);
    await fireEvent.click(await screen.findByTestId("campaign-edit"));
    expect(input("mix-1").value).toBe("60");
    await fireEvent.input(input("campaign-name"), { target: { value: "Festa della lettura 2026" } });
    await fireEvent.click(screen.getByTestId("campaign-save"));

    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update.mock.calls[0][0].id).toBe(7);
    expect(update.mock.calls[0][0].campaign.name).toBe("Festa della lettura 2026");
    expect(await screen.findByRole("heading", { name: "Festa della lettura 2026" })).toBeInTheDocument();
  });

  it("exports the campaign's posts to the chosen file", async () => {
    const exported = vi.fn(({ path }: { path: string; campaign_id: number | null }) => path);
    vi.mocked(chooseExportPath).mockResolvedValue("/home/giulia/festa.ics");
    setup({ list_campaigns: () => [campaign], export_calendar: exported });
    await fireEvent.click(await screen.findByTestId("campaign-card-7"));
    await fireEvent.click(await screen.findByTestId("campaign-export"));

    await waitFor(() => expect(exported).toHaveBeenCalledWith({ path: "/home/giulia/festa.ics", campaign_id: 7 }));
    expect(vi.mocked(chooseExportPath)).toHaveBeenCalledWith("Save the calendar as", "festa-della-lettura.ics");
    await waitFor(() => expect(session.status?.text).toBe("Calendar saved to /home/giulia/festa.ics."));
  });

  it("does nothing when the save dialog is cancelled", async () => {
    const exported = vi.fn(() => "");
    vi.mocked(chooseExportPath).mockResolvedValue(null);
    setup({ list_campaigns: () => [campaign], export_calendar: exported });
    await fireEvent.click(await screen.findByTestId("campaign-card-7"));
    await fireEvent.click(await screen.findByTestId("campaign-export"));
    await waitFor(() => expect(vi.mocked(chooseExportPath)).toHaveBeenCalled());
    expect(exported).not.toHaveBeenCalled();
  });
});
