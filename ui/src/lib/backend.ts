// The only bridge to the Rust core: typed commands, typed errors and the native file dialogs.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { Commands } from "$lib/bindings/commands";
import type { ConsentGap } from "$lib/bindings/ConsentGap";
import type { ErrorCode } from "$lib/bindings/ErrorCode";
import type { ImportProgress } from "$lib/bindings/ImportProgress";
import type { SchedulerRound } from "$lib/bindings/SchedulerRound";
import type { SyncReport } from "$lib/bindings/SyncReport";

/** The backend's stable codes, plus `unexpected` for rejections that are not an `ErrorPayload`. */
export type BackendErrorCode = ErrorCode | "unexpected";

const CODES: Record<ErrorCode, null> = {
  invalid_input: null,
  database_damaged: null,
  schema_too_new: null,
  backup_invalid: null,
  no_backup: null,
  not_initialised: null,
  data_dir_unavailable: null,
  io: null,
  database: null,
  no_database: null,
  internal: null,
  not_found: null,
  network: null,
  guide_invalid: null,
  cancelled: null,
  consent_missing: null,
  secret_store_unavailable: null,
  sign_in_failed: null,
};
/** Every code the core may send, checked for completeness against the generated bindings. */
const KNOWN_CODES = Object.keys(CODES) as ErrorCode[];

export class BackendError extends Error {
  readonly code: BackendErrorCode;
  readonly field: string | null;
  /** For `consent_missing`: who lacks which consent. */
  readonly consentGaps: readonly ConsentGap[];

  constructor(code: BackendErrorCode, message: string, field: string | null = null, consentGaps: readonly ConsentGap[] = []) {
    super(message);
    this.name = "BackendError";
    this.code = code;
    this.field = field;
    this.consentGaps = consentGaps;
  }

  /** Builds the error from whatever a command rejected with. */
  static from(reason: unknown): BackendError {
    if (reason instanceof BackendError) return reason;
    if (typeof reason === "object" && reason !== null) {
      const { code, message, field, consent_gaps: gaps } = reason as Record<string, unknown>;
      if (typeof code === "string" && (KNOWN_CODES as readonly string[]).includes(code)) {
        return new BackendError(
          code as ErrorCode,
          typeof message === "string" ? message : "",
          typeof field === "string" ? field : null,
          Array.isArray(gaps) ? (gaps as ConsentGap[]) : [],
        );
      }
    }
    const text = reason instanceof Error ? reason.message : String(reason);
    return new BackendError("unexpected", text);
  }
}

export async function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(command, args);
  } catch (reason) {
    throw BackendError.from(reason);
  }
}

/** Asks for a folder; `null` when the user cancels. */
export async function pickFolder(title: string): Promise<string | null> {
  return await open({ title, directory: true, multiple: false });
}

/** Asks for an Agora backup file; `null` when the user cancels. */
export async function pickBackupFile(title: string): Promise<string | null> {
  return await open({
    title,
    directory: false,
    multiple: false,
    filters: [{ name: "SQLite", extensions: ["sqlite3"] }],
  });
}

const CALENDAR_FILTER = { name: "iCalendar", extensions: ["ics"] };

/** Asks for an iCalendar (.ics) file to import; `null` when the user cancels. */
export async function pickCalendarFile(title: string): Promise<string | null> {
  return await open({ title, directory: false, multiple: false, filters: [CALENDAR_FILTER] });
}

/** Asks where to save an iCalendar (.ics) export; `null` when the user cancels. */
export async function chooseExportPath(title: string, defaultName: string): Promise<string | null> {
  return await save({ title, defaultPath: defaultName, filters: [CALENDAR_FILTER] });
}

const GUIDE_FILTER = { name: "TOML", extensions: ["toml"] };

/** Asks for a voice-guide file (.toml) to import; `null` when the user cancels. */
export async function pickGuideFile(title: string): Promise<string | null> {
  return await open({ title, directory: false, multiple: false, filters: [GUIDE_FILTER] });
}

/** Asks where to save the voice guide; `null` when the user cancels. */
export async function chooseGuideExportPath(title: string, defaultName: string): Promise<string | null> {
  return await save({ title, defaultPath: defaultName, filters: [GUIDE_FILTER] });
}

/** Asks for an image to attach to a post; `null` when the user cancels. */
export async function pickImageFile(title: string): Promise<string | null> {
  return (
    queuedPick() ??
    (await open({
      title,
      directory: false,
      multiple: false,
      filters: [{ name: "Images", extensions: ["jpg", "jpeg", "png", "gif", "webp"] }],
    }))
  );
}

const CONTACTS_FILTER = { name: "CSV, vCard", extensions: ["csv", "vcf", "vcard"] };

/**
 * The answer an end-to-end test queued for the next file dialog: WebDriver cannot drive the native GTK
 * dialog, so a test sets `window.__agoraNextPick` to a path first. Undefined when nothing is queued.
 */
function queuedPick(): string | undefined {
  const holder = window as { __agoraNextPick?: string };
  const path = holder.__agoraNextPick;
  delete holder.__agoraNextPick;
  return path;
}

/** Asks for an address book (CSV or vCard) to import; `null` when the user cancels. */
export async function pickContactsFile(title: string): Promise<string | null> {
  return queuedPick() ?? (await open({ title, directory: false, multiple: false, filters: [CONTACTS_FILTER] }));
}

/** Asks where to export everyone (a .vcf or .csv file); `null` when the user cancels. */
export async function chooseContactsExportPath(title: string, defaultName: string): Promise<string | null> {
  return await save({
    title,
    defaultPath: defaultName,
    filters: [
      { name: "vCard", extensions: ["vcf"] },
      { name: "CSV", extensions: ["csv"] },
    ],
  });
}

/** Calls `onprogress` with each progress report of a contacts import until the returned function is called. */
export async function listenImportProgress(onprogress: (progress: ImportProgress) => void): Promise<() => void> {
  return await listen<ImportProgress>("contacts-import-progress", (event) => onprogress(event.payload));
}

/** Calls `onnew` each time the app's periodic inbox check brings new messages, until the returned function is called. */
export async function listenInbox(onnew: (report: SyncReport) => void): Promise<() => void> {
  return await listen<SyncReport>("inbox-new-messages", (event) => onnew(event.payload));
}

/** Calls `onround` each time the app's scheduler published posts, until the returned function is called. */
export async function listenSchedule(onround: (round: SchedulerRound) => void): Promise<() => void> {
  return await listen<SchedulerRound>("scheduled-posts-published", (event) => onround(event.payload));
}
