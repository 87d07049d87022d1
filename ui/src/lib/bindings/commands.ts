// Generated from src/api.rs by `make bindings`. Do not edit.

import type { BackupInfo } from "./BackupInfo";
import type { CategoryInput } from "./CategoryInput";
import type { CategoryKind } from "./CategoryKind";
import type { ErrorPayload } from "./ErrorPayload";
import type { HealthReport } from "./HealthReport";
import type { Language } from "./Language";
import type { LibraryProfile } from "./LibraryProfile";
import type { ProfileInput } from "./ProfileInput";
import type { Startup } from "./Startup";

/** Every command the desktop shell exposes: its arguments and its result. */
export type Commands = {
  startup: { args: {  }; result: Startup };
  save_profile: { args: { profile: ProfileInput }; result: LibraryProfile };
  default_categories: { args: { language: Language }; result: Array<CategoryInput> };
  timezones: { args: {  }; result: Array<string> };
  os_timezone: { args: {  }; result: string | null };
  set_interface_language: { args: { language: Language | null }; result: Language };
  health: { args: {  }; result: HealthReport };
  list_backups: { args: {  }; result: Array<BackupInfo> };
  create_backup: { args: {  }; result: BackupInfo };
  restore_backup: { args: { path: string }; result: Startup };
  restore_newest_backup: { args: {  }; result: Startup };
  open_data_dir: { args: { path: string }; result: Startup };
};

export type { BackupInfo, CategoryInput, CategoryKind, ErrorPayload, HealthReport, Language, LibraryProfile, ProfileInput, Startup };
