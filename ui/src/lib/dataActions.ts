// The data-folder operations shared by Settings and the recovery screens; each re-renders from the new Startup.
import { call, pickBackupFile, pickFolder } from "$lib/backend";
import type { AfterRestore } from "$lib/bindings/AfterRestore";
import { t } from "$lib/i18n/index.svelte";
import { announce, applyStartup } from "$lib/session.svelte";

/** Shows the restored folder and says so, with how many people erased since the backup were erased again. */
function restored({ startup, erasures_repeated: count }: AfterRestore): void {
  applyStartup(startup);
  announce(count > 0 ? t("settings.restoredErasures", { count }) : t("settings.restored"));
}

export async function restoreBackup(path: string): Promise<void> {
  restored(await call("restore_backup", { path }));
}

export async function restoreNewestBackup(): Promise<void> {
  restored(await call("restore_newest_backup", {}));
}

/** Returns false when the user cancelled the file dialog. */
export async function restoreFromFile(): Promise<boolean> {
  const path = await pickBackupFile(t("settings.pickBackup"));
  if (path === null) return false;
  await restoreBackup(path);
  return true;
}

/** Returns false when the user cancelled the folder dialog. */
export async function openAnotherDataFolder(): Promise<boolean> {
  const path = await pickFolder(t("settings.pickFolder"));
  if (path === null) return false;
  applyStartup(await call("open_data_dir", { path }));
  announce(t("settings.folderOpened"));
  return true;
}
