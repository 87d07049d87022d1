// The data-folder operations shared by Settings and the recovery screens; each re-renders from the new Startup.
import { call, pickBackupFile, pickFolder } from "$lib/backend";
import { t } from "$lib/i18n/index.svelte";
import { announce, applyStartup } from "$lib/session.svelte";

export async function restoreBackup(path: string): Promise<void> {
  applyStartup(await call("restore_backup", { path }));
  announce(t("settings.restored"));
}

export async function restoreNewestBackup(): Promise<void> {
  applyStartup(await call("restore_newest_backup", {}));
  announce(t("settings.restored"));
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
