// End-to-end test of publishing and listening in the real window, against a Mastodon stand-in on
// 127.0.0.1 (fake-mastodon.mjs): connect an account in Settings with an access token, write a post with an
// image and its description, mark it ready, publish it, and see it marked published with its link (the
// server received the text once, with the image and its description); then a partner school replies, the
// inbox brings the reply, and one click logs it on the school's timeline. Run through `make e2e`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "./webdriver.mjs";
import { agora, scenario, textOf, withDriver } from "./harness.mjs";
import { startFakeMastodon } from "./fake-mastodon.mjs";

const TOKEN = "e2e-token-93c1";
const TEXT = "Che cosa state leggendo questa settimana? Raccontatecelo nei commenti!";
const ALT = "Una bambina legge sul prato del cortile della biblioteca";

/** Takes a screenshot without the status toast covering the top of the page. */
async function picture(s, name) {
  await s.execute("document.querySelector('[role=\"status\"] .toast button')?.click()");
  await s.screenshot(name);
}

test("a Mastodon account is connected and a post with an image is published once", async () => {
  const { data, env } = scenario("publishing");
  // No keychain under the test's session bus: the documented opt-in keeps the token in a user-only file.
  env.AGORA_SECRET_STORE = "file";
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
      await s.type(await s.find("#mastodon-token"), TOKEN);
      await s.click(await s.find('[data-testid="mastodon-connect-submit"]'));
      assert.match(await textOf(s, '[data-testid="account"]'), /@salaborsa@mastodon\.example/);
      await s.execute("document.querySelector('[data-testid=\"settings-accounts\"]').scrollIntoView()");
      await picture(s, "40-accounts");

      console.log("# step: a post with an image");
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
      await s.type(await s.waitFor('[data-testid="draft-text"]'), TEXT);
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
    });
  } finally {
    await mastodon.close();
  }
  assert.equal(mastodon.statuses.length, 1, "posted once");
  assert.equal(mastodon.statuses[0].text, TEXT);
  assert.deepEqual(mastodon.statuses[0].media_ids, ["m1"]);
  assert.deepEqual(mastodon.descriptions, [ALT]);
  const posts = JSON.parse(agora(data, "--format", "json", "posts", "list", "--from", "2000-01-01", "--to", "2100-01-01"));
  assert.ok(Array.isArray(posts));
});
