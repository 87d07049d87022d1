// End-to-end test of relationships in the real window: a school and a teacher, a meeting and an inbound
// comment awaiting a reply, both on Today; a child featured in a post blocks it until both guardians'
// consent is recorded; an erased person is gone from search. Run through `make e2e`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "./webdriver.mjs";
import { agora, scenario, textOf, withDriver } from "./harness.mjs";

/** Takes a screenshot without the status toast covering the top of the page. */
async function picture(s, name) {
  await s.execute("document.querySelector('[role=\"status\"] .toast button')?.click()");
  await s.screenshot(name);
}

/** The number of elements matching `css`. */
function count(s, css) {
  return s.execute(`return document.querySelectorAll(${JSON.stringify(css)}).length`);
}

/** Waits until `css` matches exactly `n` elements. */
async function waitForCount(s, css, n) {
  for (let i = 0; i < 100; i++) {
    if ((await count(s, css)) === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(await count(s, css), n, css);
}

test("partners, the review queue, consent for a featured child, and erasure", async () => {
  const { data, env } = scenario("people");
  agora(data, "init", "--name", "Biblioteca Sala Borsa", "--city", "Bologna", "--languages", "it,en", "--timezone", "Europe/Rome");
  await withDriver(env, async (driver) => {
    const s = await Session.start(driver);
    await s.waitFor('[data-testid="section-today"]');

    console.log("# step: a school");
    await s.click(await s.find('[data-testid="nav-people"]'));
    await s.click(await s.waitFor('[data-testid="org-add"]'));
    await s.type(await s.waitFor("#org-name"), "Scuola primaria Carducci");
    await s.setValue(await s.find("#org-kind"), "school");
    await s.click(await s.find('[data-testid="org-save"]'));
    await s.waitFor('[data-testid="org-page"]');
    const schools = JSON.parse(agora(data, "--format", "json", "orgs", "list"));
    assert.equal(schools.length, 1);
    const school = schools[0].id;

    console.log("# step: a teacher");
    await s.click(await s.find('[data-testid="nav-people"]'));
    await s.click(await s.waitFor('[data-testid="person-add"]'));
    await s.type(await s.waitFor("#person-name"), "Maria Rossi");
    await s.click(await s.find('[data-testid="person-save"]'));
    await s.waitFor('[data-testid="person-page"]');
    const people = JSON.parse(agora(data, "--format", "json", "people", "list"));
    const maria = people.find((p) => p.name === "Maria Rossi").id;

    console.log("# step: a meeting and a comment awaiting a reply");
    // The meeting was 40 days ago with a school the library means to see monthly (CLI: dates in the past).
    agora(data, "interactions", "add", "--org", String(school), "--channel", "meeting", "--direction", "out",
      "--summary", "Riunione sul progetto lettura", "--at", "2026-01-10T15:00");
    await s.waitFor(`[data-testid="person-page"][data-id="${maria}"]`);
    await s.setValue(await s.find('[data-testid="log-channel"]'), "social_comment");
    await s.setValue(await s.find('[data-testid="log-direction"]'), "inbound");
    await s.type(await s.find('[data-testid="log-summary"]'), "Chiede quando riprendono i laboratori");
    const awaiting = await s.find('[data-testid="log-awaiting"]');
    if (!(await s.property(awaiting, "checked"))) await s.click(awaiting);
    await s.click(await s.find('[data-testid="log-submit"]'));
    await s.waitFor('[data-testid="timeline-entry"][data-awaiting="true"]');

    console.log("# step: Today");
    await s.click(await s.find('[data-testid="nav-today"]'));
    await s.waitFor('[data-testid="review-waiting-item"]');
    assert.match(await textOf(s, '[data-testid="review-waiting"]'), /laboratori/);
    await picture(s, "30-today-review");

    console.log("# step: the conversation found by search, and the balance with Maria");
    await s.click(await s.find('[data-testid="nav-people"]'));
    await s.type(await s.waitFor('[data-testid="people-search"]'), "laboratori");
    await s.click(await s.waitFor('[data-testid="search-result"][data-kind="interaction"]'));
    await s.waitFor('[data-testid="conversation-body"]');
    assert.match(await textOf(s, '[data-testid="conversation"]'), /Chiede quando riprendono i laboratori/);
    await picture(s, "30b-conversation");
    await s.click(await s.find('[data-testid="conversation-open"]'));
    await s.waitFor(`[data-testid="person-page"][data-id="${maria}"]`);
    await s.waitFor('[data-testid="reciprocity-theirs"][data-value="1"]');
    assert.match(await textOf(s, '[data-testid="reciprocity-balance"]'), /Only they have written/);

    console.log("# step: a child featured in a post");
    const child = JSON.parse(agora(data, "--format", "json", "people", "add", "--name", "Giulio Bianchi", "--birth-year", "2017")).id;
    await s.click(await s.find('[data-testid="nav-drafts"]'));
    await s.click(await s.waitFor('[data-testid="drafts-new"]'));
    await s.click(await s.waitFor('[data-testid="new-draft-create"]'));
    await s.type(await s.waitFor('[data-testid="draft-text"]'), "Giulio legge ad alta voce in sala ragazzi: e voi, cosa leggete?");
    await s.type(await s.waitFor('[data-testid="post-people-search"]'), "Giulio");
    await s.click(await s.waitFor(`[data-testid="post-people-result"][data-id="${child}"]`));
    await s.waitFor(`[data-testid="post-people-item"][data-id="${child}"]`);
    const role = await s.find(`[data-testid="post-people-item"][data-id="${child}"] [data-testid="post-people-role"]`);
    await s.setValue(role, "featured");
    await s.waitFor(`[data-testid="post-people-item"][data-id="${child}"][data-role="featured"]`);
    await s.click(await s.find('[data-testid="state-ready"]'));
    assert.match(await textOf(s, '[data-testid="consent-gaps"]'), /Giulio Bianchi is a minor: the consent of both guardians must cover/);

    console.log("# step: both guardians' consent");
    await s.click(await s.find('[data-testid="nav-people"]'));
    await s.type(await s.waitFor('[data-testid="people-search"]'), "Giulio");
    await s.click(await s.waitFor(`[data-testid="search-result"][data-id="${child}"]`));
    await s.waitFor(`[data-testid="person-page"][data-id="${child}"]`);
    for (const guardian of ["guardian1", "guardian2"]) {
      await s.click(await s.find('[data-testid="consent-add"]'));
      await s.setValue(await s.waitFor('[data-testid="consent-purpose"]'), "publication_image");
      for (const network of ["mastodon", "bluesky"]) {
        const box = await s.find(`[data-testid="consent-network-${network}"]`);
        if (!(await s.property(box, "checked"))) await s.click(box);
      }
      await s.setValue(await s.find('[data-testid="consent-given-by"]'), guardian);
      await s.setValue(await s.find('[data-testid="consent-given-on"]'), "2026-09-01");
      await s.type(await s.find('[data-testid="consent-evidence"]'), `2026/114-${guardian}`);
      await s.click(await s.find('[data-testid="consent-save"]'));
    }
    await waitForCount(s, '[data-testid="consent-record"][data-status="valid"]', 2);
    await picture(s, "31-consent-panel");

    console.log("# step: the post is unblocked");
    await s.click(await s.find('[data-testid="nav-drafts"]'));
    await s.click(await s.waitFor('[data-testid="draft-item"]'));
    await s.click(await s.waitFor('[data-testid="state-ready"]'));
    await s.waitFor('[data-testid="draft-state"]', { predicate: async (e) => /ready|pronto/i.test(await s.text(e)) });

    console.log("# step: a partner's timeline");
    await s.click(await s.find('[data-testid="nav-people"]'));
    await s.click(await s.waitFor('[data-testid="people-tab-organisations"]'));
    await s.click(await s.waitFor(`[data-testid="org-item"][data-id="${school}"]`));
    await s.waitFor(`[data-testid="org-page"][data-id="${school}"]`);
    await s.waitFor('[data-testid="timeline-entry"]');
    await picture(s, "32-partner-timeline");

    console.log("# step: erasure");
    await s.click(await s.find('[data-testid="nav-people"]'));
    await s.type(await s.waitFor('[data-testid="people-search"]'), "Maria");
    await s.click(await s.waitFor(`[data-testid="search-result"][data-id="${maria}"]`));
    await s.click(await s.waitFor('[data-testid="person-erase"]'));
    await s.type(await s.waitFor('[data-testid="erase-confirm-name"]'), "Maria Rossi");
    await s.click(await s.find('[data-testid="erase-confirm"]'));
    await s.type(await s.waitFor('[data-testid="people-search"]'), "Maria");
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await count(s, `[data-testid="search-result"][data-kind="person"]`), 0, "gone from search");
    assert.equal(JSON.parse(agora(data, "--format", "json", "search", "Maria")).length, 0);
    await s.quit();
  });
});

test("an address book with unknown headers and a bad row, then a duplicate merged", async () => {
  const { data, env } = scenario("contacts");
  agora(data, "init", "--name", "Biblioteca Sala Borsa", "--city", "Bologna", "--languages", "it,en", "--timezone", "Europe/Rome");
  const file = join(data, "soci-amici.csv");
  writeFileSync(
    file,
    "Socio;Recapito;Associazione\nTeresa Gallo;teresa@example.it;Amici della Biblioteca\nPiero Sala;piero at example;Amici della Biblioteca\nAnna Verdi;anna@example.it;Amici della Biblioteca\n",
  );
  await withDriver(env, async (driver) => {
    const s = await Session.start(driver);
    await s.waitFor('[data-testid="section-today"]');
    await s.click(await s.find('[data-testid="nav-people"]'));

    console.log("# step: the file and its columns");
    await s.click(await s.waitFor('[data-testid="contacts-import-open"]'));
    await s.execute("window.__agoraNextPick = arguments[0]", [file]);
    await s.click(await s.waitFor('[data-testid="contacts-choose"]'));
    await waitForCount(s, '[data-testid="contacts-column"]', 3);
    const runDisabled = () => s.execute("return document.querySelector('[data-testid=\"contacts-import-run\"]').disabled");
    assert.equal(await runDisabled(), true, "no name column yet");
    const column = (n) => `[data-testid="contacts-column"]:nth-child(${n + 1}) select`;
    await s.setValue(await s.find(column(1)), "name");
    await s.setValue(await s.find(column(2)), "email");
    await s.setValue(await s.find(column(3)), "organisation");
    assert.equal(await runDisabled(), false);
    await picture(s, "contacts-mapping");

    console.log("# step: a bad row stops the import");
    await s.click(await s.find('[data-testid="contacts-import-run"]'));
    const problems = await s.waitFor('[data-testid="contacts-problems"]');
    assert.match(await s.text(problems), /3.*Recapito.*piero at example/s);
    assert.equal(JSON.parse(agora(data, "--format", "json", "people", "list")).length, 0, "nothing half-imported");
    await picture(s, "contacts-refused");

    console.log("# step: the others without it");
    await s.click(await s.find('[data-testid="contacts-skip-bad"]'));
    await s.waitFor('[data-testid="contacts-report"]', { predicate: async (e) => /2/.test(await s.text(e)) && !(await s.text(e)).includes("Nothing") });
    await s.closeDialog();
    await waitForCount(s, '[data-testid="person-item"]', 2);

    console.log("# step: a duplicate merged");
    agora(data, "people", "add", "--name", "Teresa Galli", "--email", "TERESA@example.it");
    await s.click(await s.find('[data-testid="duplicates-open"]'));
    const pair = await s.waitFor('[data-testid="duplicate-pair"]');
    assert.match(await s.text(pair), /Teresa Gallo.*Teresa Galli/s);
    await picture(s, "duplicates");
    await s.click(await s.find('[data-testid="duplicate-keep-a"]'));
    await s.waitFor('[data-testid="duplicates-none"]');
    const left = JSON.parse(agora(data, "--format", "json", "people", "list")).map((p) => p.name);
    assert.deepEqual(left, ["Anna Verdi", "Teresa Gallo"]);
    await s.closeDialog();

    console.log("# step: a conversation logged from anywhere");
    await s.click(await s.find('[data-testid="nav-today"]'));
    await s.execute("window.dispatchEvent(new KeyboardEvent('keydown', { key: 'L', ctrlKey: true, shiftKey: true }))");
    await s.type(await s.waitFor('[data-testid="quick-log-who"]'), "Anna");
    const anna = JSON.parse(agora(data, "--format", "json", "people", "list")).find((p) => p.name === "Anna Verdi").id;
    await s.click(await s.waitFor(`[data-testid="quick-log-hit"][data-id="${anna}"]`));
    await s.type(await s.waitFor("#anywhere-log-summary"), "Propone un gruppo di lettura");
    await picture(s, "quick-log-anywhere");
    await s.execute("document.getElementById('anywhere-log-summary').form.requestSubmit()");
    await waitForCount(s, '[role="dialog"]', 0);
    const logged = JSON.parse(agora(data, "--format", "json", "interactions", "list", "--person", String(anna)));
    assert.equal(logged[0].summary, "Propone un gruppo di lettura");
    await s.quit();
  });
});

test("quiet followers known only from social media are proposed for deletion and erased", async () => {
  const { data, env } = scenario("retention");
  agora(data, "init", "--name", "Biblioteca Sala Borsa", "--city", "Bologna", "--languages", "it,en", "--timezone", "Europe/Rome");
  agora(data, "dev", "seed", "--people", "40", "--orgs", "2", "--interactions", "20", "--campaigns", "2", "--posts", "5", "--events", "3");
  const proposed = JSON.parse(agora(data, "--format", "json", "retention"));
  assert.ok(proposed.length >= 2, `the seed has quiet followers (${proposed.length})`);
  await withDriver(env, async (driver) => {
    const s = await Session.start(driver);
    await s.waitFor('[data-testid="section-today"]');
    await s.click(await s.find('[data-testid="nav-people"]'));
    await s.click(await s.waitFor('[data-testid="retention-open"]'));
    await waitForCount(s, '[data-testid="retention-candidate"]', proposed.length);
    await s.click(await s.find(`[data-testid="retention-candidate"][data-id="${proposed[0].id}"] [data-testid="retention-choose"]`));
    await s.click(await s.find('[data-testid="retention-erase"]'));
    await picture(s, "36-retention");
    await s.click(await s.waitFor('[data-testid="retention-erase-confirm"]'));
    await waitForCount(s, '[data-testid="retention-candidate"]', proposed.length - 1);
  });
  const left = JSON.parse(agora(data, "--format", "json", "retention")).map((c) => c.id);
  assert.ok(!left.includes(proposed[0].id), "erased");
  assert.equal(left.length, proposed.length - 1);
});
