// The whole app against a scripted backend: navigation, language switching and the recovery screen.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { HealthReport } from "$lib/bindings/HealthReport";
import type { Startup } from "$lib/bindings/Startup";
import App from "./App.svelte";
import { backup, damagedStartup, fakeCall, planView, readyStartup, resetSession, type Handlers } from "./test/fixtures";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const health: HealthReport = {
  data_dir: "/data",
  database: "/data/agora.sqlite3",
  schema_version: 1,
  supported_schema_version: 1,
  integrity: "ok",
  sqlite_version: "3.46.0",
  full_text_search: true,
  backup_count: 1,
  newest_backup: backup.created_at,
};

async function start(startup: Startup, extra: Handlers = {}) {
  vi.mocked(call).mockImplementation(
    fakeCall({
      startup: () => startup,
      timezones: () => ["Europe/Rome"],
      health: () => health,
      list_backups: () => [backup],
      list_campaigns: () => [],
      plan: ({ from, to }) => planView(true, from, to),
      list_events: () => [],
      review_queue: () => ({ unanswered: [], overdue: [], due: [], upcoming_partner_events: [] }),
      ...extra,
    }),
  );
  const { container } = render(App);
  await waitFor(() => expect(container.querySelector("[data-ready='true']")).not.toBeNull());
}

const headingOf = (section: string) =>
  within(screen.getByTestId(`section-${section}`)).getByRole("heading", { level: 1 }).textContent;

/** Opens a section from the sidebar and waits for it (sections other than Today load when first opened). */
async function open(section: string) {
  await fireEvent.click(screen.getByTestId(`nav-${section}`));
  await screen.findByTestId(`section-${section}`, {}, { timeout: 10000 });
}

describe("App", () => {
  beforeEach(resetSession);

  it("shows every section's heading from the sidebar", async () => {
    await start(readyStartup());
    expect(screen.getByTestId("library-name")).toHaveTextContent("Biblioteca civica di Lodi");
    expect(headingOf("today")).toBe("Today");

    const expected = {
      campaigns: "Campaigns",
      calendar: "Calendar",
      drafts: "Drafts",
      people: "People & partners",
      voice: "Voice guide",
      settings: "Settings",
      today: "Today",
    };
    for (const [section, title] of Object.entries(expected)) {
      await open(section);
      expect(headingOf(section)).toBe(title);
      expect(screen.getByTestId(`nav-${section}`)).toHaveAttribute("aria-current", "page");
      expect(screen.getAllByRole("button", { current: "page" })).toHaveLength(1);
    }
  }, 30000); // each section is compiled when first opened

  it("shows the library's real categories on Campaigns and leads to them in Settings", async () => {
    await start(readyStartup());
    await open("campaigns");
    expect(screen.getByTestId("campaign-categories")).toHaveTextContent("Storie della comunità");

    await fireEvent.click(screen.getByRole("button", { name: "Review content categories" }));
    await screen.findByTestId("section-settings");
    expect(headingOf("settings")).toBe("Settings");
    expect(document.getElementById("category-name-0")).toHaveFocus();
  });

  it("switches the interface language at once", async () => {
    const setLanguage = vi.fn(({ language }: { language: "it" | "en" | null }) => language ?? "en");
    await start(readyStartup(), { set_interface_language: setLanguage });
    expect(document.documentElement.lang).toBe("en");
    await open("settings");

    await fireEvent.change(document.getElementById("interface-language")!, { target: { value: "it" } });

    await waitFor(() => expect(headingOf("settings")).toBe("Impostazioni"));
    expect(setLanguage).toHaveBeenCalledWith({ language: "it" });
    expect(screen.getByTestId("nav-today")).toHaveTextContent("Oggi");
    expect(document.documentElement.lang).toBe("it");
    expect(screen.getByRole("status")).toHaveTextContent("Lingua dell'interfaccia aggiornata.");

    await fireEvent.change(document.getElementById("interface-language")!, { target: { value: "system" } });
    await waitFor(() => expect(headingOf("settings")).toBe("Settings"));
    expect(setLanguage).toHaveBeenLastCalledWith({ language: null });
  });

  it("asks before restoring a backup from Settings, and Escape cancels", async () => {
    const restore = vi.fn(() => ({ startup: readyStartup(), erasures_repeated: 2 }));
    await start(readyStartup(), { restore_backup: restore });
    await open("settings");
    const restoreButton = await screen.findByRole("button", { name: /^Restore the backup of/ });

    restoreButton.focus();
    await fireEvent.click(restoreButton);
    let dialog = screen.getByRole("dialog", { name: "Restore this backup?" });
    expect(dialog).toHaveTextContent("Your current database is backed up first");
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
    await fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(restoreButton).toHaveFocus();
    expect(restore).not.toHaveBeenCalled();

    await fireEvent.click(restoreButton);
    dialog = screen.getByRole("dialog");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Restore" }));
    await waitFor(() => expect(restore).toHaveBeenCalledWith({ path: backup.path }));
    await waitFor(() =>
      expect(screen.getByRole("status")).toHaveTextContent(
        "Backup restored. 2 people erased since it was made have been erased again.",
      ),
    );
  });

  it("makes the daily backup once Today is shown, and says so when it fails", async () => {
    const due = readyStartup();
    if (due.state.kind === "ready") Object.assign(due.state, { newest_backup: null, backup_due: true });
    const made = { ...backup, created_at: "2026-11-29T08:00:00Z" };
    const daily = vi.fn(() => made);
    await start(due, { daily_backup: daily });
    await waitFor(() => expect(screen.getByTestId("today-backup")).toHaveTextContent("Nov 29, 2026"));
    expect(daily).toHaveBeenCalledTimes(1);

    resetSession();
    document.body.innerHTML = "";
    const failing = vi.fn(() => {
      throw new BackendError("io", "disk full");
    });
    await start(due, { daily_backup: failing });
    await waitFor(() => expect(screen.getByTestId("today-backup")).toHaveTextContent("automatic backup could not be made"));
  });

  it("does not back up when the daily backup is not due", async () => {
    const daily = vi.fn(() => null);
    await start(readyStartup(), { daily_backup: daily });
    expect(screen.getByTestId("today-backup")).toHaveTextContent("Your data is safe: newest backup");
    expect(daily).not.toHaveBeenCalled();
  });

  it("offers to restore the newest backup when the database is damaged, then opens the library", async () => {
    const restoreNewest = vi.fn(() => ({ startup: readyStartup(), erasures_repeated: 0 }));
    await start(damagedStartup(), { restore_newest_backup: restoreNewest });

    const recovery = screen.getByTestId("recovery-screen");
    expect(within(recovery).getByRole("heading", { level: 1 })).toHaveTextContent("The library's database is damaged");
    expect(recovery).toHaveTextContent("The damaged file is kept, never deleted");
    expect(within(recovery).getAllByRole("button", { name: /^Restore the backup of/ })).toHaveLength(2);

    await fireEvent.click(within(recovery).getByRole("button", { name: "Restore the newest backup" }));

    await waitFor(() => expect(screen.queryByTestId("recovery-screen")).toBeNull());
    expect(restoreNewest).toHaveBeenCalledTimes(1);
    expect(headingOf("today")).toBe("Today");
  });

  it("refuses data written by a newer Agora and offers another folder", async () => {
    await start({ data_dir: "/data", language: "en", language_choice: null, state: { kind: "too_new", found: 9, supported: 1 } });
    const recovery = screen.getByTestId("recovery-screen");
    expect(recovery).toHaveTextContent("data format 9; this version understands up to 1");
    expect(within(recovery).queryByRole("button", { name: /Restore/ })).toBeNull();
    expect(within(recovery).getByRole("button", { name: "Open another data folder…" })).toBeEnabled();
  });

  it("shows onboarding when the library has no profile yet", async () => {
    await start(readyStartup(null), { os_timezone: () => null, default_categories: () => [] });
    expect(screen.getByTestId("onboarding")).toBeInTheDocument();
    expect(screen.queryByRole("navigation")).toBeNull();
  });
});
