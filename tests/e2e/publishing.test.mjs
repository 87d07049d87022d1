// End-to-end test of publishing and listening in the real window, against a Mastodon stand-in on
// 127.0.0.1 (fake-mastodon.mjs): connect an account in Settings by signing in through the browser (the
// test is the browser: it opens the page the window shows and follows the server back to Agora), write a
// post with an image and its description, mark it ready, publish it, and see it marked published with its
// link (the server received the text once, with the image and its description); then a partner school
// replies, the inbox brings the reply, one click logs it on the school's timeline, and the answer written
// in the window goes out in its thread and clears the school from "waiting for us"; a ready post is scheduled
// on the server for its planned time; a campaign's report pulls how people responded to its published post;
// and a thread written with separator lines goes out as a chain of replies. Run through `make e2e`.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "./webdriver.mjs";
import { agora, scenario, textOf, withDriver } from "./harness.mjs";
import { startFakeMastodon } from "./fake-mastodon.mjs";

const TOKEN = "e2e-token-93c1";
const TEXT = "Che cosa state leggendo questa settimana? Raccontatecelo nei commenti!";
const ALT = "Una bambina legge sul prato del cortile della biblioteca";
const ANSWER = "Certo, vi aspettiamo giovedì alle 10! Che cosa vorrebbero leggere i bambini?";
const LATER = "Sabato mattina letture in giardino: quale storia volete ascoltare?";
const THREAD = ["Tre libri per l'estate: un filo", "Il barone rampante: chi l'ha letto da ragazzo?", "Lessico famigliare: quale frase di casa vostra ci mettereste?"];

/** Starts a new draft for Mastodon only in the Drafts section and writes `text` in it. */
async function newMastodonDraft(s, text) {
  await s.click(await s.find('[data-testid="nav-drafts"]'));
  await s.click(await s.waitFor('[data-testid="drafts-new"]'));
  await s.waitFor('[data-testid="new-draft-network-mastodon"]');
  const boxes = await s.execute(
    "return [...document.querySelectorAll('[data-testid^=\"new-draft-network-\"]')].map((b) => [b.dataset.testid, b.checked])",
  );
  for (const [testid, checked] of boxes) {
    if (checked !== (testid === "new-draft-network-mastodon")) await s.click(await s.find(`[data-testid="${testid}"]`));
  }
  await s.click(await s.find('[data-testid="new-draft-create"]'));
  await s.type(await s.waitFor('[data-testid="draft-text"]'), text);
}

/** Waits until `check` holds (a condition on what the stand-in server received). */
async function until(check, what) {
  for (let i = 0; i < 150; i++) {
    if (check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** Takes a screenshot without the status toast covering the top of the page. */
async function picture(s, name) {
  await s.execute("document.querySelector('[role=\"status\"] .toast button')?.click()");
  await s.screenshot(name);
}

test("a Mastodon account is connected and a post with an image is published once", async () => {
  const { data, env } = scenario("publishing");
  // No keychain under the test's session bus: the documented opt-in keeps the token in a user-only file.
  env.AGORA_SECRET_STORE = "file";
  // The command line used by the test publishes with the same secrets.
  process.env.AGORA_SECRET_STORE = "file";
  // The browser the app "opens" is a command that does nothing: the test plays the browser.
  env.BROWSER = "true";
  agora(data, "init", "--name", "Biblioteca Sala Borsa", "--city", "Bologna", "--languages", "it,en", "--timezone", "Europe/Rome");
  const image = join(data, "..", "lettura.jpg");
  writeFileSync(image, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]));
  const mastodon = await startFakeMastodon(TOKEN);
  try {
    await withDriver(env, async (driver) => {
      const s = await Session.start(driver);
      await s.waitFor('[data-testid="section-today"]');

      console.log("# step: connect the account");
      await s.click(await s.find('[data-testid="nav-settings"]'));
      await s.type(await s.waitFor("#mastodon-server"), mastodon.url);
      await s.click(await s.find('[data-testid="mastodon-sign-in-submit"]'));
      const page = await s.property(await s.waitFor("#mastodon-page"), "value");
      await s.execute("document.querySelector('[data-testid=\"settings-accounts\"]').scrollIntoView()");
      await picture(s, "39-sign-in");
      const approved = await fetch(page, { redirect: "manual" });
      assert.equal(approved.status, 302);
      const back = await fetch(approved.headers.get("location"));
      assert.match(await back.text(), /go back to Agora/);
      assert.match(await textOf(s, '[data-testid="account"]'), /@salaborsa@mastodon\.example/);
      await s.execute("document.querySelector('[data-testid=\"settings-accounts\"]').scrollIntoView()");
      await picture(s, "40-accounts");

      console.log("# step: a post with an image");
      await newMastodonDraft(s, TEXT);
      await s.execute(`window.__agoraNextPick = ${JSON.stringify(image)}`);
      await s.click(await s.find('[data-testid="draft-image-add"]'));
      await s.type(await s.waitFor('[data-testid="draft-image-alt"]'), ALT);
      await s.waitFor('[data-testid="draft-save-status"]', {
        predicate: async (e) => /saved|salvat/i.test(await s.text(e)),
      });

      console.log("# step: ready, then published");
      await s.click(await s.find('[data-testid="state-ready"]'));
      await s.waitFor('[data-testid="draft-state"][data-state="ready"]');
      await s.click(await s.waitFor('[data-testid="publish-now"]'));
      const outcome = await s.waitFor('[data-testid="publication"][data-status="published"]');
      assert.match(await s.text(outcome), /mastodon\.example\/@salaborsa\/11001/);
      await s.waitFor('[data-testid="draft-state"][data-state="published"]');
      await picture(s, "41-published");

      console.log("# step: a partner replies; the inbox brings it onto the partner's timeline");
      agora(data, "orgs", "add", "--name", "Scuola primaria Carducci", "--kind", "school", "--handle", "mastodon:@carducci@scuole.social");
      mastodon.mention("carducci@scuole.social", "Scuola Carducci", "<p>Che bello! Possiamo venire con la 3B giovedì?</p>");
      await s.click(await s.find('[data-testid="nav-inbox"]'));
      await s.click(await s.waitFor('[data-testid="inbox-sync"]'));
      const item = await s.waitFor('[data-testid="inbox-item"]');
      assert.match(await s.text(item), /Possiamo venire con la 3B/);
      assert.match(await textOf(s, '[data-testid="inbox-from"]'), /Scuola primaria Carducci/);
      await picture(s, "42-inbox");
      await s.click(await s.find('[data-testid="inbox-log"]'));
      await s.waitFor('[data-testid="inbox-empty"]');
      await s.click(await s.find('[data-testid="nav-today"]'));
      assert.match(await textOf(s, '[data-testid="review-waiting"]'), /Possiamo venire con la 3B/);

      console.log("# step: answer the school in its thread, from the window");
      await s.click(await s.find('[data-testid="nav-inbox"]'));
      await s.click(await s.waitFor('[data-testid="inbox-unread-only"]'));
      await s.click(await s.waitFor('[data-testid="inbox-answer"]'));
      await s.type(await s.waitFor('[data-testid="inbox-answer-text"]'), ANSWER);
      await picture(s, "43-answer");
      const send = await s.waitFor('[data-testid="inbox-answer-send"]', {
        predicate: async (e) => !(await s.property(e, "disabled")),
      });
      await s.click(send);
      await until(() => mastodon.statuses.length === 2, "the answer");
      assert.equal(mastodon.statuses[1].text, ANSWER);
      assert.equal(mastodon.statuses[1].in_reply_to_id, "91000", "in the school's thread");
      await s.click(await s.find('[data-testid="nav-today"]'));
      await s.waitFor('[data-testid="section-today"]');
      const waiting = await s.execute("return document.querySelector('[data-testid=\"review-waiting\"]')?.textContent ?? ''");
      assert.doesNotMatch(waiting, /Possiamo venire con la 3B/, "answered: no longer waiting for us");

      console.log("# step: schedule a ready post for its planned time");
      const later = JSON.parse(
        agora(data, "--format", "json", "posts", "add", "--text", LATER, "--channel", "mastodon", "--at", "2099-05-02T10:00", "--state", "ready"),
      ).id;
      await s.click(await s.find('[data-testid="nav-drafts"]'));
      await s.click(await s.waitFor(`[data-testid="draft-item"][data-post-id="${later}"]`));
      await s.click(await s.waitFor('[data-testid="publish-schedule"]'));
      const held = await s.waitFor('[data-testid="publication"][data-status="scheduled"]');
      assert.match(await s.text(held), /Mastodon/);
      await picture(s, "44-scheduled");
      assert.equal(mastodon.scheduled.length, 1);
      assert.equal(mastodon.scheduled[0].params.text, LATER);
      assert.equal(mastodon.scheduled[0].scheduled_at, "2099-05-02T08:00:00Z", "10:00 in Bologna");

      console.log("# step: a campaign's response, pulled from the server");
      const campaign = JSON.parse(
        agora(data, "--format", "json", "campaigns", "add", "--name", "Leggere insieme", "--start", "2026-01-01", "--end", "2099-12-31"),
      ).id;
      const post = JSON.parse(
        agora(data, "--format", "json", "posts", "add", "--text", "Qual è il primo libro che avete amato?", "--channel", "mastodon", "--campaign", String(campaign), "--state", "ready"),
      ).id;
      // Published by the command line while this process serves the stand-in: not a blocking call.
      const { stdout } = await promisify(execFile)(process.env.AGORA_CLI, ["--data-dir", data, "--format", "json", "publish", String(post)]);
      const published = JSON.parse(stdout);
      mastodon.react(published.publications[0].remote_id, 6, 4, 15);
      await s.click(await s.find('[data-testid="nav-campaigns"]'));
      await s.click(await s.waitFor(`[data-testid="campaign-card-${campaign}"]`));
      await s.click(await s.waitFor('[data-testid="response-refresh"]'));
      await s.waitFor('[data-testid="response-totals"]', { predicate: async (e) => /Risposte\s*6|Replies\s*6/.test(await s.text(e)) });
      await s.execute("document.querySelector('[data-testid=\"campaign-response\"]').scrollIntoView()");
      await picture(s, "45-campaign-response");

      console.log("# step: a thread, written with separator lines, goes out as a chain of replies");
      // WebDriver's Enter key (U+E007) breaks the lines: a typed "\n" is not a key.
      await newMastodonDraft(s, THREAD.join("\uE007---\uE007"));
      await s.waitFor('[data-testid="counter-thread-mastodon"]', { predicate: async (e) => /3/.test(await s.text(e)) });
      await s.waitFor('[data-testid="draft-save-status"]', {
        predicate: async (e) => /saved|salvat/i.test(await s.text(e)),
      });
      await picture(s, "46-thread");
      await s.execute("document.querySelector('[data-testid=\"preview-mastodon\"]').scrollIntoView()");
      await picture(s, "47-thread-preview");
      await s.click(await s.find('[data-testid="state-ready"]'));
      await s.waitFor('[data-testid="draft-state"][data-state="ready"]');
      await s.click(await s.waitFor('[data-testid="publish-now"]'));
      await s.waitFor('[data-testid="publication"][data-status="published"]');
      const chain = mastodon.statuses.slice(-3);
      assert.deepEqual(chain.map((p) => p.text), THREAD);
      assert.equal(chain[1].in_reply_to_id, `1100${mastodon.statuses.length - 2}`, "the second replies to the first");
      assert.equal(chain[2].in_reply_to_id, `1100${mastodon.statuses.length - 1}`, "the third to the second");
    });
  } finally {
    await mastodon.close();
  }
  assert.equal(mastodon.statuses.length, 6, "the post once, the answer, the campaign's post, a thread of three");
  assert.equal(mastodon.statuses[0].text, TEXT);
  assert.deepEqual(mastodon.statuses[0].media_ids, ["m1"]);
  assert.deepEqual(mastodon.descriptions, [ALT]);
  const posts = JSON.parse(agora(data, "--format", "json", "posts", "list", "--from", "2000-01-01", "--to", "2100-01-01"));
  assert.ok(Array.isArray(posts));
});
