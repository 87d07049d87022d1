// Onboarding: prefilled defaults, the exact ProfileInput it submits, and field errors from the core.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { CategoryInput } from "$lib/bindings/CategoryInput";
import type { ProfileInput } from "$lib/bindings/ProfileInput";
import { session } from "$lib/session.svelte";
import { fakeCall, profile, readyStartup, resetSession, type Handlers } from "../test/fixtures";
import Onboarding from "./Onboarding.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const defaults = (names: string[]): CategoryInput[] =>
  names.map((name, i) => ({ id: null, name, kind: (["event", "activity", "service_information", "community_story"] as const)[i] }));

function setUp(extra: Handlers = {}) {
  const saveProfile = vi.fn(async ({ profile: input }: { profile: ProfileInput }) => ({
    ...profile,
    name: input.name,
  }));
  vi.mocked(call).mockImplementation(
    fakeCall({
      timezones: () => ["Europe/London", "Europe/Rome"],
      os_timezone: () => "Europe/Rome",
      default_categories: ({ language }) =>
        language === "it"
          ? defaults(["Eventi", "Attività", "Informazioni sui servizi", "Storie della comunità"])
          : defaults(["Events", "Activities", "Service information", "Community stories"]),
      save_profile: saveProfile,
      ...extra,
    }),
  );
  render(Onboarding);
  return { saveProfile };
}

const categoryNames = () =>
  screen.getAllByRole("textbox", { name: /^Category \d+ name$/ }).map((input) => (input as HTMLInputElement).value);

describe("Onboarding", () => {
  beforeEach(() => {
    resetSession();
    session.startup = readyStartup(null);
  });

  it("prefills the categories of the main language and the computer's time zone", async () => {
    setUp();
    expect(screen.getByTestId("onboarding")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Tell us about your library" })).toBeInTheDocument();
    await waitFor(() => expect(categoryNames()).toEqual(["Events", "Activities", "Service information", "Community stories"]));
    await waitFor(() => expect(document.getElementById("library-timezone")).toHaveValue("Europe/Rome"));
    expect(document.getElementById("language-en")).toBeChecked();
    expect(document.getElementById("language-it")).not.toBeChecked();

    await fireEvent.click(document.getElementById("language-it")!);
    await fireEvent.click(document.getElementById("language-en")!);
    await waitFor(() => expect(categoryNames()[0]).toBe("Eventi"));
  });

  it("submits the profile as entered, main language first, then opens Today", async () => {
    const { saveProfile } = setUp();
    await waitFor(() => expect(categoryNames()).toHaveLength(4));
    await fireEvent.input(document.getElementById("library-name")!, { target: { value: "Biblioteca di Lodi" } });
    await fireEvent.input(document.getElementById("library-city")!, { target: { value: "Lodi" } });
    await fireEvent.click(document.getElementById("language-it")!);
    await fireEvent.change(screen.getByLabelText("Main language"), { target: { value: "it" } });
    await waitFor(() => expect(categoryNames()[0]).toBe("Eventi"));
    await fireEvent.input(document.getElementById("category-name-1")!, { target: { value: "Laboratori" } });
    await fireEvent.click(screen.getByRole("button", { name: "Remove category Informazioni sui servizi" }));
    await fireEvent.click(screen.getByRole("button", { name: "Add an account" }));
    await fireEvent.change(document.getElementById("handle-network-0")!, { target: { value: "bluesky" } });
    await fireEvent.input(document.getElementById("handle-value-0")!, { target: { value: "lodi.bsky.social" } });
    await waitFor(() => expect(document.getElementById("library-timezone")).toHaveValue("Europe/Rome"));
    session.navigated = false;
    session.section = "settings";

    await fireEvent.click(screen.getByTestId("profile-submit"));

    await waitFor(() => expect(saveProfile).toHaveBeenCalledTimes(1));
    expect(saveProfile).toHaveBeenCalledWith({
      profile: {
        name: "Biblioteca di Lodi",
        city: "Lodi",
        languages: ["it", "en"],
        timezone: "Europe/Rome",
        handles: [{ network: "bluesky", handle: "lodi.bsky.social" }],
        categories: [
          { id: null, name: "Eventi", kind: "event" },
          { id: null, name: "Laboratori", kind: "activity" },
          { id: null, name: "Storie della comunità", kind: "community_story" },
        ],
      },
    });
    expect(session.section).toBe("today");
    expect(session.startup?.state.kind === "ready" && session.startup.state.profile?.name).toBe("Biblioteca di Lodi");
  });

  it("shows the core's field error next to the library name", async () => {
    setUp({
      save_profile: () => {
        throw new BackendError("invalid_input", "must not be empty", "name");
      },
    });
    await waitFor(() => expect(categoryNames()).toHaveLength(4));
    await fireEvent.click(screen.getByTestId("profile-submit"));

    const name = document.getElementById("library-name")!;
    await waitFor(() => expect(name).toHaveAttribute("aria-invalid", "true"));
    expect(name).toHaveAccessibleDescription("Enter the library's name (at most 120 characters).");
    expect(document.getElementById("library-city")).not.toHaveAttribute("aria-invalid");
    expect(name).toHaveFocus();
  });
});
