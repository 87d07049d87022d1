// Start-up and memory budgets of the release app (docs/QUALITY.md), measured in the real window under Xvfb
// through tauri-driver, on an empty library and on the benchmark dataset (`agora dev seed`: 100,000 people,
// 1,000,000 interactions, 20,000 posts):
// - start-up: from asking tauri-driver to launch the app to the Today screen drawn with its review queue
//   (the page's `today-drawn` mark, two animation frames after the queue arrived), RUNS times each; the
//   median is reported;
// - memory: the proportional set size (PSS) of the app and its WebKit processes after opening Today, a
//   partner's timeline and a busy calendar month; the seeded figure over the empty one is the ratio budgeted.
// Run through `make budgets`, which builds the release app and the two data folders first.
//   node scripts/measure-budgets.mjs EMPTY_DATA_DIR SEEDED_DATA_DIR
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Session, scratchDir, startDriver } from "../tests/e2e/webdriver.mjs";

const RUNS = Number(process.env.RUNS ?? 5);
const [emptyDir, seededDir] = process.argv.slice(2);
if (!emptyDir || !seededDir || !process.env.AGORA_APP) {
  console.error("usage: AGORA_APP=… node scripts/measure-budgets.mjs EMPTY_DATA_DIR SEEDED_DATA_DIR");
  process.exit(2);
}

/** The app's environment: the data folder, a fresh config folder, English. */
function environment(data) {
  return { AGORA_DATA_DIR: data, XDG_CONFIG_HOME: join(scratchDir("budgets"), "config"), LANG: "C.UTF-8" };
}

/**
 * Milliseconds from launch to Today drawn with its queue: from asking tauri-driver for a session (WebKitWebDriver
 * starting the app included) to the page's own `today-drawn` mark, on the wall clock both share, so the
 * driver's polling afterwards is not counted; and the page's part alone, from the window starting to load it.
 */
async function startUp(data) {
  const driver = await startDriver(environment(data));
  try {
    const requested = Date.now();
    const s = await Session.start(driver);
    await s.waitFor('[data-testid="today-greeting"][data-queue="loaded"]', { timeout: 60000 });
    let mark = null;
    while (mark === null) {
      mark = await s.execute(
        "const m = performance.getEntriesByName('today-drawn')[0]; return m ? [performance.timeOrigin, m.startTime] : null",
      );
    }
    const [origin, page] = mark;
    await s.screenshot("budget-today");
    await s.quit();
    return { launch: origin + page - requested, page };
  } finally {
    await driver.stop();
  }
}

/** The PIDs of `root` and every process below it. */
function tree(root) {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, ppid] of rows) if (ppid === found[i]) found.push(pid);
  }
  return found;
}

/** The total PSS, in MiB, of the app and the processes it started (WebKit's web and network processes). */
function pssOfApp() {
  const app = Number(execFileSync("pgrep", ["-n", "-x", "agora-desktop"], { encoding: "utf8" }).trim());
  let kib = 0;
  const names = [];
  for (const pid of tree(app)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const pss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)[1]);
      kib += pss;
      names.push(`${readFileSync(`/proc/${pid}/comm`, "utf8").trim()} ${(pss / 1024).toFixed(1)} MiB`);
    } catch {
      // a process that ended meanwhile
    }
  }
  return { mib: kib / 1024, processes: names };
}

/** PSS after opening Today, a partner's timeline and a busy calendar month. */
async function memory(data) {
  const driver = await startDriver(environment(data));
  try {
    const s = await Session.start(driver);
    await s.waitFor('[data-testid="today-greeting"][data-queue="loaded"]', { timeout: 60000 });
    await s.click(await s.find('[data-testid="nav-people"]'));
    await sleep(1000);
    // An empty library shows no lists, only what People will hold.
    const partner = await s.execute("return document.querySelector('[data-testid=\"people-tab-organisations\"]') !== null");
    if (partner) {
      await s.click(await s.find('[data-testid="people-tab-organisations"]'));
      await s.click(await s.waitFor('[data-testid="org-item"]'));
      await s.waitFor('[data-testid="org-page"]');
      await sleep(1000);
    }
    await s.click(await s.find('[data-testid="nav-calendar"]'));
    await sleep(3000);
    await s.screenshot(`budget-calendar-${partner ? "seeded" : "empty"}`);
    const pss = pssOfApp();
    await s.quit();
    return pss;
  } finally {
    await driver.stop();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = {};
for (const [name, data] of [["empty", emptyDir], ["seeded", seededDir]]) {
  await startUp(data); // a first launch warms the disk cache; it is not counted
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await startUp(data));
  const launch = runs.map((r) => r.launch);
  const page = runs.map((r) => r.page);
  const pss = await memory(data);
  results[name] = { pss };
  const list = (values) => `${values.map((t) => t.toFixed(0)).join(", ")} ms (median ${median(values).toFixed(0)} ms)`;
  console.log(`${name}: launch to Today drawn ${list(launch)}`);
  console.log(`${name}: page load to Today drawn ${list(page)}`);
  console.log(`${name}: PSS ${pss.mib.toFixed(1)} MiB: ${pss.processes.join(", ")}`);
}
console.log(`seeded / empty PSS: ${(results.seeded.pss.mib / results.empty.pss.mib).toFixed(2)}`);
