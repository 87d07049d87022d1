// End-to-end tests of the real Agora window: the built desktop binary, started by tauri-driver under Xvfb,
// driven through WebDriver. Each scenario uses its own data folder. Run through `make e2e`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { openSync, readSync, writeSync, closeSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ELEMENT, Session } from "./webdriver.mjs";
import { agora, scenario, textOf, withDriver } from "./harness.mjs";

const SECTIONS = ["today", "inbox", "campaigns", "calendar", "drafts", "people", "voice", "settings"];
const NAME = "Biblioteca Sala Borsa";

// SQLite keeps user_version, the schema version, as a big-endian integer at byte 60 of the file header.
function userVersion(file) {
  const fd = openSync(file, "r");
  const bytes = Buffer.alloc(4);
  readSync(fd, bytes, 0, 4, 60);
  closeSync(fd);
  return bytes.readUInt32BE(0);
}

function setUserVersion(file, version) {
  const fd = openSync(file, "r+");
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(version, 0);
  writeSync(fd, bytes, 0, 4, 60);
  closeSync(fd);
}


test("a new library onboards, visits every section, switches to Italian and finds it all after a restart", async () => {
  const { data, env } = scenario("onboarding");
  await withDriver(env, async (driver) => {
    let s = await Session.start(driver);
    await s.waitFor('[data-ready="true"]');
    await s.waitFor('[data-testid="onboarding"]');
    const firstCategory = await s.waitFor("#category-name-0");
    assert.equal(await s.property(firstCategory, "value"), "Events", "the default categories are offered");
    await s.screenshot("00-onboarding");
    await s.type(await s.find("#library-name"), NAME);
    await s.type(await s.find("#library-city"), "Bologna");
    await s.type(await s.find("#library-timezone"), "Europe/Rome");
    await s.click(await s.find('[data-testid="profile-submit"]'));
    await s.waitFor('[data-testid="section-today"]');
    assert.equal(await textOf(s, '[data-testid="library-name"]'), NAME);

    for (const [i, section] of SECTIONS.entries()) {
      await s.click(await s.find(`[data-testid="nav-${section}"]`));
      const heading = await textOf(s, `[data-testid="section-${section}"] h1`);
      assert.ok(heading.trim().length > 0, `the ${section} section has a heading`);
      const current = await s.find(`[data-testid="nav-${section}"]`);
      const ariaCurrent = await s.execute("return arguments[0].getAttribute('aria-current')", [{ [ELEMENT]: current }]);
      assert.equal(ariaCurrent, "page", `${section} is marked current`);
      await s.screenshot(`${String(i + 1).padStart(2, "0")}-${section}`);
      if (section === "campaigns") {
        assert.match(await textOf(s, '[data-testid="campaign-categories"]'), /Community stories/);
      }
    }

    await s.setWindowSize(960, 600);
    await s.click(await s.find('[data-testid="nav-today"]'));
    await s.waitFor('[data-testid="section-today"]');
    const overflow = await s.execute("return document.documentElement.scrollWidth - window.innerWidth");
    assert.ok(overflow <= 0, `no horizontal scrolling at 960x600 (overflow ${overflow}px)`);
    await s.screenshot("07b-today-960x600");
    await s.click(await s.find('[data-testid="nav-settings"]'));
    await s.waitFor('[data-testid="section-settings"]');

    assert.equal(await s.execute("return document.documentElement.lang"), "en", "English from the OS locale");
    await s.click(await s.find('#interface-language option[value="it"]'));
    await s.waitFor('html[lang="it"]');
    assert.match(await textOf(s, '[data-testid="nav-today"]'), /Oggi/);
    assert.match(await textOf(s, '[data-testid="nav-settings"]'), /Impostazioni/);
    await s.screenshot("08-settings-it");
    await s.click(await s.find('[data-testid="nav-today"]'));
    await s.waitFor('[data-testid="section-today"]');
    await s.screenshot("09-today-it");
    await s.setWindowSize(1100, 700);
    const resized = await s.windowRect();
    assert.deepEqual([resized.width, resized.height], [1100, 700], "the window was resized");
    await new Promise((settle) => setTimeout(settle, 1500));
    await s.quit();

    s = await Session.start(driver);
    await s.waitFor('[data-ready="true"]');
    assert.equal(await textOf(s, '[data-testid="library-name"]'), NAME, "the library name persisted");
    await s.waitFor('html[lang="it"]');
    await s.waitFor('[data-testid="section-today"]');
    // The library is set up, so this start made the daily backup, after drawing Today, and Today says so.
    await s.waitFor('[data-testid="today-backup"]', { predicate: async (el) => (await s.text(el)).includes("ultimo backup") });
    const backups = readdirSync(join(data, "backups")).filter((f) => f.endsWith(".sqlite3"));
    assert.equal(backups.length, 1, `one daily backup: ${backups}`);
    const rect = await s.windowRect();
    assert.deepEqual([rect.width, rect.height], [1100, 700], "the window size was remembered");
    await s.quit();
  });
});

test("a damaged database shows the recovery screen, is kept, and the newest backup can be restored", async () => {
  const { data, env } = scenario("damaged");
  agora(data, "init", "--name", NAME, "--city", "Bologna", "--languages", "it,en", "--timezone", "Europe/Rome");
  agora(data, "backup");
  const db = join(data, "agora.sqlite3");
  for (const suffix of ["-wal", "-shm"]) rmSync(db + suffix, { force: true });
  writeFileSync(db, "this is not a database any more");

  await withDriver(env, async (driver) => {
    const s = await Session.start(driver);
    await s.waitFor('[data-testid="recovery-screen"]');
    await s.screenshot("10-recovery-damaged");
    await s.click(await s.find('[data-testid="restore-newest"]'));
    await s.waitFor('[data-testid="section-today"]');
    assert.equal(await textOf(s, '[data-testid="library-name"]'), NAME);
    await s.quit();
  });
  const kept = execFileSync("ls", [data], { encoding: "utf8" }).split("\n").filter((f) => f.includes(".damaged-"));
  assert.equal(kept.length, 1, `the damaged file is kept aside: ${kept}`);
});

test("a database written by a newer Agora is refused, not opened", async () => {
  const { data, env } = scenario("too-new");
  agora(data, "init", "--name", NAME, "--city", "Bologna");
  setUserVersion(join(data, "agora.sqlite3"), 999);

  await withDriver(env, async (driver) => {
    const s = await Session.start(driver);
    const screen = await s.waitFor('[data-testid="recovery-screen"]');
    assert.match(await s.text(screen), /999/);
    await s.screenshot("11-recovery-too-new");
    await s.quit();
  });
  assert.equal(userVersion(join(data, "agora.sqlite3")), 999, "the newer database was not downgraded");
});
