// End-to-end test of planning in the real window: a campaign with a mix target, events imported from an
// iCalendar address, an arc of posts generated for one, a post dragged to another day, the mix warning, the
// exported calendar; and a month with 300 posts. Run through `make e2e`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Session } from "./webdriver.mjs";
import { agora, scenario, textOf, withDriver } from "./harness.mjs";

const FIXTURE = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "fixtures", "three-events.ics");

/** Serves the fixture calendar on 127.0.0.1; resolves to its address and a `close`. */
function serveCalendar() {
  const body = readFileSync(FIXTURE);
  const server = createServer((_, res) => {
    res.writeHead(200, { "content-type": "text/calendar; charset=utf-8" });
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/eventi.ics`, close: () => server.close() });
    });
  });
}

/** Pages the calendar forward until its title names `month` (e.g. "March 2027"). */
async function showMonth(s, month) {
  for (let i = 0; i < 24; i++) {
    if ((await textOf(s, "h2.ec-title")).includes(month)) return;
    await s.click(await s.find("button.ec-next"));
  }
  throw new Error(`the calendar never showed ${month}`);
}

function init(data) {
  agora(data, "init", "--name", "Biblioteca Sala Borsa", "--city", "Bologna", "--languages", "it,en", "--timezone", "Europe/Rome");
  return JSON.parse(agora(data, "--format", "json", "profile"));
}

test("a campaign with a mix target gets imported events, an arc, a moved post, a warning and an export", async () => {
  const { data, env } = scenario("plan");
  const profile = init(data);
  const served = await serveCalendar();
  try {
    await withDriver(env, async (driver) => {
      const s = await Session.start(driver);
      await s.waitFor('[data-testid="section-today"]');

      console.log('# step: campaign');
      // A campaign with a content-mix target.
      await s.click(await s.find('[data-testid="nav-campaigns"]'));
      await s.click(await s.waitFor('[data-testid="campaign-new"]'));
      await s.waitFor('[data-testid="campaign-form"]');
      await s.type(await s.find("#campaign-name"), "Festival della lettura");
      await s.setValue(await s.find("#campaign-start"), "2027-03-01");
      await s.setValue(await s.find("#campaign-end"), "2027-03-31");
      for (const [category, share] of profile.categories.map((c, i) => [c, [30, 20, 10, 40][i]])) {
        await s.type(await s.find(`#mix-${category.id}`), String(share));
      }
      await s.click(await s.find('[data-testid="campaign-save"]'));
      const campaigns = JSON.parse(agora(data, "--format", "json", "campaigns", "list"));
      assert.equal(campaigns.length, 1);
      const campaign = campaigns[0];
      assert.deepEqual(campaign.mix_targets.map((t) => t.share), [30, 20, 10, 40]);

      console.log('# step: import');
      // Three events from an iCalendar address.
      await s.click(await s.find('[data-testid="nav-calendar"]'));
      await s.click(await s.waitFor('[data-testid="events-import"]'));
      await s.type(await s.waitFor("#events-url"), served.url);
      await s.click(await s.find('[data-testid="events-import-url"]'));
      assert.match(await textOf(s, '[data-testid="events-import-report"]'), /3/);
      await s.closeDialog();
      const events = JSON.parse(agora(data, "--format", "json", "events", "list", "--from", "2027-03-01", "--to", "2027-03-31"));
      assert.equal(events.length, 3);
      const author = events.find((e) => e.title === "Incontro con l'autrice");

      console.log('# step: arc');
      // An arc of posts for the meeting with the author, in the campaign.
      await showMonth(s, "March 2027");
      await s.click(await s.waitFor(`[data-event-id="${author.id}"]`));
      await s.waitFor('[data-testid="event-panel"]');
      await s.click(await s.find(`#arc-campaign option[value="${campaign.id}"]`));
      await s.click(await s.find('[data-testid="arc-generate"]'));
      let posts = [];
      for (let i = 0; i < 50 && posts.length < 4; i++) {
        posts = JSON.parse(agora(data, "--format", "json", "posts", "list", "--from", "2027-03-01", "--to", "2027-03-31"));
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(posts.length, 4, "four draft posts");
      await s.closeDialog();
      await s.waitFor(`[data-post-id="${posts[0].id}"]`);
      await s.screenshot("20-calendar-month");

      console.log('# step: drag');
      // Drag the announcement (11 March) to 12 March.
      const announcement = await s.find(`[data-post-id="${posts[0].id}"]`);
      await s.drag(announcement, await s.find('time[datetime="2027-03-12"]'));
      let moved;
      for (let i = 0; i < 50; i++) {
        moved = JSON.parse(agora(data, "--format", "json", "posts", "list", "--from", "2027-03-12", "--to", "2027-03-12"));
        if (moved.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(moved[0]?.id, posts[0].id, "the dragged post is on 12 March");
      assert.equal(moved[0].planned_local, "2027-03-12T10:00:00", "at the same local time");

      console.log('# step: move event');
      // Move the meeting a day later, asking to move its posts: the dragged (edited) post stays.
      // The calendar reloads after the drop and draws its entries anew.
      await s.clickOn(`[data-event-id="${author.id}"]`);
      await s.waitFor('[data-testid="event-panel"]');
      await s.setValue(await s.find("#event-move-at"), "2027-03-26T18:00");
      await s.click(await s.find('[data-testid="event-move"]'));
      await s.click(await s.waitFor('[data-testid="event-move-with-posts"]'));
      let after = [];
      for (let i = 0; i < 50; i++) {
        after = JSON.parse(agora(data, "--format", "json", "posts", "list", "--from", "2027-03-01", "--to", "2027-03-31"));
        if (after.some((p) => p.planned_local === "2027-03-27T10:00:00")) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.deepEqual(
        after.map((p) => p.planned_local),
        ["2027-03-12T10:00:00", "2027-03-24T10:00:00", "2027-03-26T09:00:00", "2027-03-27T10:00:00"],
        "the arc moved a day; the dragged announcement stayed on 12 March",
      );
      await s.closeDialog();

      console.log('# step: warning');
      // Four event posts: the campaign's mix is all announcements, and the warning says so.
      await s.click(await s.find('[data-testid="nav-campaigns"]'));
      await s.click(await s.waitFor(`[data-testid="campaign-card-${campaign.id}"]`));
      assert.match(await textOf(s, '[data-testid="campaign-warnings"]'), /100%/);
      await s.waitFor('[data-testid="campaign-mix"]');
      await s.screenshot("21-campaign-page");

      await s.click(await s.find('[data-testid="nav-calendar"]'));
      await s.click(await s.waitFor("button.ec-timeGridWeek"));
      await s.waitFor('[data-listening="true"]');
      await s.screenshot("22-calendar-week");
      await s.quit();
    });
  } finally {
    served.close();
  }

  // The campaign's calendar, as exported (the window's save dialog is native, so the export is read here).
  const out = join(data, "festival.ics");
  const campaign = JSON.parse(agora(data, "--format", "json", "campaigns", "list"))[0];
  agora(data, "calendar", "export", "--campaign", String(campaign.id), out);
  const exported = readFileSync(out, "utf8");
  assert.equal(exported.match(/BEGIN:VEVENT/g).length, 4);
  assert.match(exported, /DTSTART:20270312T090000Z/, "the dragged announcement: 10:00 in Rome is 09:00 UTC");
  assert.match(exported, /DTSTART:20270326T080000Z/, "the day-of post moved with its event");
  assert.match(exported, /DTSTAMP:\d{8}T\d{6}Z/);
});

test("a month with 300 posts opens in the calendar", async () => {
  const { data, env } = scenario("busy");
  init(data);
  agora(data, "dev", "seed", "--from", "2027-01-01", "--years", "1", "--campaigns", "20", "--posts", "2100", "--events", "50", "--people", "0", "--orgs", "0", "--interactions", "0");
  const march = JSON.parse(agora(data, "--format", "json", "posts", "list", "--from", "2027-03-01", "--to", "2027-03-31"));
  assert.ok(march.length >= 250, `March holds ${march.length} posts`);
  await withDriver(env, async (driver) => {
    const s = await Session.start(driver);
    await s.waitFor('[data-testid="section-today"]');
    await s.click(await s.find('[data-testid="nav-calendar"]'));
    await s.waitFor("h2.ec-title");
    const started = Date.now();
    await showMonth(s, "March 2027");
    // Busy days show their first posts and a "+N more" link; wait until the month's posts are drawn.
    let rendered = 0;
    for (let i = 0; i < 100 && rendered < 60; i++) {
      rendered = await s.execute("return document.querySelectorAll('[data-post-id]').length");
      if (rendered < 60) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(rendered >= 60, `only ${rendered} posts drawn`);
    console.log(`# a month of ${march.length} posts: shown in ${Date.now() - started} ms (${rendered} post elements)`);
    await s.screenshot("23-calendar-busy-month");
    // Each day holds at most three entries, a busy day's last one being its "+N more": the month draws
    // about a hundred chips, not the ~600 of its six weeks.
    const days = await s.execute("return document.querySelectorAll('.ec-day').length");
    const chips = await s.execute("return document.querySelectorAll('.ec-event').length");
    assert.ok(chips <= 3 * days, `${chips} chips for ${days} days`);
    // "+N more" opens that day's agenda with every post of the day.
    const firstOfMarch = JSON.parse(agora(data, "--format", "json", "posts", "list", "--from", "2027-03-01", "--to", "2027-03-01"));
    assert.ok(firstOfMarch.length > 3, `1 March holds ${firstOfMarch.length} posts`);
    const more = await s.find('[data-more-day="2027-03-01"]');
    // The two entries kept may include the day's imported events, so at least posts − 2 are behind "+N more".
    const hidden = Number(/^\+(\d+) more$/.exec(await s.text(more))?.[1]);
    assert.ok(hidden >= firstOfMarch.length - 2, `"+${hidden} more" for ${firstOfMarch.length} posts`);
    await s.click(more);
    await s.waitFor("h2.ec-title", { predicate: async (el) => /March 1, 2027|1 March 2027/.test(await s.text(el)) });
    let listed = 0;
    for (let i = 0; i < 50 && listed !== firstOfMarch.length; i++) {
      listed = await s.execute("return document.querySelectorAll('.ec-list [data-post-id]').length");
      if (listed !== firstOfMarch.length) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(listed, firstOfMarch.length, "the day's agenda lists every post of the day");
    await s.screenshot("24-calendar-busy-day");
    await s.click(await s.find("button.ec-dayGridMonth"));
    await s.waitFor("h2.ec-title", { predicate: async (el) => (await s.text(el)) === "March 2027" });
    await s.click(await s.find("button.ec-next"));
    await s.waitFor("h2.ec-title", { predicate: async (el) => (await s.text(el)).includes("April 2027") });
    await s.quit();
  });
});
