// App-wide state: the Startup the backend returned (and the daily backup it says is due, made in the
// background), the active section and the status messages.
import { BackendError, call } from "$lib/backend";
import type { BackupInfo } from "$lib/bindings/BackupInfo";
import type { Language } from "$lib/bindings/Language";
import type { LibraryProfile } from "$lib/bindings/LibraryProfile";
import type { Startup } from "$lib/bindings/Startup";
import type { SectionId } from "$lib/catalog";
import { setLanguage } from "$lib/i18n/index.svelte";

export const session = $state<{
  startup: Startup | null;
  /** Why the daily backup could not be made, if it could not. */
  backupProblem: BackendError | null;
  section: SectionId;
  /** The id of an element to bring into view once the section has rendered. */
  focusTarget: string | null;
  /** Whether the user has moved between sections (then focus follows them to the new heading). */
  navigated: boolean;
  status: { text: string; id: number } | null;
  /** The interface-language choice: a language, or "system" to follow the operating system. */
  languageChoice: Language | "system" | null;
}>({
  startup: null,
  backupProblem: null,
  section: "today",
  focusTarget: null,
  navigated: false,
  status: null,
  languageChoice: null,
});

/** Re-renders the whole app from a fresh Startup (after launch, a restore or another data folder). */
export function applyStartup(startup: Startup): void {
  session.startup = startup;
  session.backupProblem = null;
  session.languageChoice = startup.language_choice ?? "system";
  setLanguage(startup.language);
  if (startup.state.kind === "ready" && startup.state.backup_due) void makeDailyBackup();
}

/** Makes the daily backup while the window shows its first page (a large library takes seconds to copy). */
async function makeDailyBackup(): Promise<void> {
  try {
    const made = await call("daily_backup", {});
    if (made) setNewestBackup(made);
  } catch (reason) {
    session.backupProblem = BackendError.from(reason);
  }
}

export function currentProfile(): LibraryProfile | null {
  const state = session.startup?.state;
  return state?.kind === "ready" ? state.profile : null;
}

export function setProfile(profile: LibraryProfile): void {
  const state = session.startup?.state;
  if (state?.kind === "ready") state.profile = profile;
}

/** Records a backup just made, so Today's data-safety line stays true. */
export function setNewestBackup(backup: BackupInfo): void {
  const state = session.startup?.state;
  if (state?.kind === "ready") {
    state.newest_backup = backup;
    state.backup_due = false;
  }
  session.backupProblem = null;
}

export function navigate(section: SectionId, focusTarget: string | null = null): void {
  session.section = section;
  session.focusTarget = focusTarget;
  session.navigated = true;
}

let statusCounter = 0;

/** Shows a short message in the polite status region. */
export function announce(text: string): void {
  session.status = { text, id: ++statusCounter };
}
