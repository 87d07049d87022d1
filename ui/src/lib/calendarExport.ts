// Exporting the plan as an iCalendar file, shared by the Calendar section and the campaign page.
import { call, chooseExportPath } from "$lib/backend";
import { t } from "$lib/i18n/index.svelte";
import { icsFileName } from "$lib/planning";
import { announce } from "$lib/session.svelte";

/** Asks where to save (suggesting `name` as the file name), exports, and confirms the path written.
 *  Returns false when the user cancelled the dialog; backend errors are thrown as BackendError. */
export async function exportCalendar(name: string, campaignId: number | null): Promise<boolean> {
  const path = await chooseExportPath(t("export.title"), icsFileName(name));
  if (path === null) return false;
  const written = await call("export_calendar", { path, campaign_id: campaignId });
  announce(t("export.done", { path: written }));
  return true;
}
