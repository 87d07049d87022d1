// End-to-end test of the overdue reminder: a partner the library means to hear from monthly, last heard from
// in the summer, is announced by a desktop notification soon after the window opens — once — and shown as
// overdue on Today. The notification goes to a stand-in for the desktop's notification service
// (notifications.py) on the session bus that `make e2e` starts. Run through `make e2e`.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "./webdriver.mjs";
import { agora, scenario, textOf, withDriver } from "./harness.mjs";

/** Starts the notification service writing to `log`; resolves once it owns its bus name. */
function startNotificationService(log) {
  // The system Python, which has the D-Bus bindings installed with apt (a python3 earlier on PATH may not).
  const service = spawn("/usr/bin/python3", [join(import.meta.dirname, "notifications.py"), log], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    service.on("error", reject);
    service.on("exit", (code) => reject(new Error(`the notification service stopped (${code})`)));
    service.stdout.on("data", (chunk) => {
      if (String(chunk).includes("ready")) resolve(service);
    });
  });
}

/** The notifications shown so far. */
function shown(log) {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

test("a partner overdue for a call is announced by a desktop notification, once", async () => {
  assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, "run under a D-Bus session bus (make e2e starts one)");
  const { data, env } = scenario("reminders");
  agora(data, "init", "--name", "Biblioteca Sala Borsa", "--city", "Bologna", "--languages", "it,en", "--timezone", "Europe/Rome");
  const bookshop = JSON.parse(
    agora(data, "--format", "json", "orgs", "add", "--name", "Libreria Ulisse", "--kind", "bookshop", "--max-days", "30"),
  ).id;
  agora(data, "interactions", "add", "--org", String(bookshop), "--channel", "meeting", "--direction", "out",
    "--summary", "Presentazione dei libri per ragazzi", "--at", "2026-07-01T11:00");

  const log = join(data, "..", "notifications.jsonl");
  const service = await startNotificationService(log);
  try {
    await withDriver(env, async (driver) => {
      const s = await Session.start(driver);
      await s.waitFor('[data-testid="section-today"]');
      assert.match(await textOf(s, '[data-testid="review-overdue"]'), /Libreria Ulisse/);

      console.log("# step: the notification");
      for (let i = 0; i < 150 && shown(log).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      const notifications = shown(log);
      assert.equal(notifications.length, 1, "one notification");
      assert.equal(notifications[0].summary, "Libreria Ulisse is overdue for a call");
      assert.match(notifications[0].body, /^No contact for \d+ days\. See Today in Agora\.$/);
      await s.screenshot("35-today-overdue");
    });

    console.log("# step: opened again, nothing new to announce");
    await withDriver(env, async (driver) => {
      const s = await Session.start(driver);
      await s.waitFor('[data-testid="review-overdue"]');
      await new Promise((r) => setTimeout(r, 8000));
      assert.equal(shown(log).length, 1, "the bookshop was already announced");
    });
  } finally {
    service.kill();
  }
});
