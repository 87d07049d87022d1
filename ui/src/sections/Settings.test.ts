// The planning advice card in Settings against a scripted backend: loads `planning_rules`, saves the edited
// rules with `set_planning_rules`, and shows a rule the backend rejects beside its field.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { PlanningRules } from "$lib/bindings/PlanningRules";
import { applyStartup, session } from "$lib/session.svelte";
import { backup, fakeCall, profile, readyStartup, resetSession, type Handlers } from "../test/fixtures";
import Settings from "./Settings.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const stored: PlanningRules = {
  max_announcement_share: 70,
  silence_days: 7,
  max_posts_per_channel_day: 2,
  min_minutes_between_posts: 60,
};

const field = (id: string) => document.getElementById(id) as HTMLInputElement;

async function setup(extra: Handlers = {}) {
  vi.mocked(call).mockImplementation(
    fakeCall({
      planning_rules: () => stored,
      timezones: () => ["Europe/Rome"],
      os_timezone: () => "Europe/Rome",
      list_backups: () => [backup],
      ...extra,
    }),
  );
  applyStartup(readyStartup());
  render(Settings, { profile });
  const card = screen.getByTestId("planning-rules");
  await waitFor(() => expect(field("rule-silence-days")).not.toBeNull());
  return card;
}

describe("Settings: planning advice", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("loads the rules and saves the edited ones", async () => {
    const save = vi.fn(({ rules }: { rules: PlanningRules }) => rules);
    const card = await setup({ set_planning_rules: save });
    expect(card).toHaveTextContent("Planning advice");
    expect(card).toHaveTextContent(
      "Warn when announcements — events and service information — are more than this share of posts.",
    );
    expect(field("rule-max-announcement-share").value).toBe("70");
    expect(field("rule-silence-days").value).toBe("7");
    expect(field("rule-max-posts-per-channel-day").value).toBe("2");
    expect(field("rule-min-minutes-between-posts").value).toBe("60");

    await fireEvent.input(field("rule-max-announcement-share"), { target: { value: "60" } });
    await fireEvent.input(field("rule-silence-days"), { target: { value: "10" } });
    await fireEvent.input(field("rule-min-minutes-between-posts"), { target: { value: "90" } });
    await fireEvent.click(within(card).getByTestId("planning-rules-save"));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0]).toEqual({
      rules: { max_announcement_share: 60, silence_days: 10, max_posts_per_channel_day: 2, min_minutes_between_posts: 90 },
    });
    await waitFor(() => expect(session.status?.text).toBe("Planning advice saved."));
  });

  it("shows the backend's rejection of silence_days beside the field", async () => {
    const save = vi.fn((_: { rules: PlanningRules }): PlanningRules => {
      throw new BackendError("invalid_input", "silence_days must be between 1 and 90", "silence_days");
    });
    const card = await setup({ set_planning_rules: save });
    await fireEvent.input(field("rule-silence-days"), { target: { value: "30" } });
    await fireEvent.click(within(card).getByTestId("planning-rules-save"));

    await waitFor(() => expect(field("rule-silence-days")).toHaveAttribute("aria-invalid", "true"));
    expect(save).toHaveBeenCalledTimes(1);
    expect(document.getElementById("rule-silence-days-error")).toHaveTextContent("Enter a whole number from 1 to 90.");
    expect(field("rule-max-announcement-share")).not.toHaveAttribute("aria-invalid");
    expect(session.status).toBeNull();
  });

  it("checks the ranges before saving", async () => {
    const save = vi.fn(({ rules }: { rules: PlanningRules }) => rules);
    const card = await setup({ set_planning_rules: save });
    await fireEvent.input(field("rule-max-posts-per-channel-day"), { target: { value: "0" } });
    await fireEvent.click(within(card).getByTestId("planning-rules-save"));
    await waitFor(() => expect(field("rule-max-posts-per-channel-day")).toHaveAttribute("aria-invalid", "true"));
    expect(document.getElementById("rule-max-posts-per-channel-day-error")).toHaveTextContent("from 1 to 20");
    expect(save).not.toHaveBeenCalled();
  });
});
