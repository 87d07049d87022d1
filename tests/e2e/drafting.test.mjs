// End-to-end test of drafting in the real window: a broadcast-style Italian post gets `dialogue.broadcast`
// with its explanation, the suggested fix opens a conversation and changes the X counter, the Bluesky
// preview shows the post, and a word forbidden in the voice guide is then flagged in the draft. Run
// through `make e2e`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Session } from "./webdriver.mjs";
import { agora, scenario, textOf, withDriver } from "./harness.mjs";

const BROADCAST = "Vieni in biblioteca sabato! Non perdere la festa dei libri. #Bologna";

/** The value of the draft's main text area. */
async function draftText(s) {
  return s.property(await s.find('[data-testid="draft-text"]'), "value");
}

/** Takes a screenshot without the status toast covering the top of the page. */
async function picture(s, name) {
  await s.execute("document.querySelector('[role=\"status\"] .toast button')?.click()");
  await s.screenshot(name);
}

/** Waits until `css` has a text different from `before`; returns it. */
async function changedText(s, css, before) {
  const el = await s.waitFor(css, { predicate: async (e) => (await s.text(e)) !== before });
  return s.text(el);
}

test("a broadcast post is turned into a conversation, and the voice guide's new rule flags a word", async () => {
  const { data, env } = scenario("drafting");
  agora(data, "init", "--name", "Biblioteca Sala Borsa", "--city", "Bologna", "--languages", "it,en", "--timezone", "Europe/Rome");
  await withDriver(env, async (driver) => {
    const s = await Session.start(driver);
    await s.waitFor('[data-testid="section-today"]');

    console.log("# step: new draft");
    await s.click(await s.find('[data-testid="nav-drafts"]'));
    await s.click(await s.waitFor('[data-testid="drafts-new"]'));
    const x = await s.waitFor('[data-testid="new-draft-network-x"]');
    if (!(await s.property(x, "checked"))) await s.click(x);
    const bluesky = await s.find('[data-testid="new-draft-network-bluesky"]');
    if (!(await s.property(bluesky, "checked"))) await s.click(bluesky);
    await s.click(await s.find('[data-testid="new-draft-create"]'));
    await s.type(await s.waitFor('[data-testid="draft-text"]'), BROADCAST);

    console.log("# step: broadcast finding");
    const finding = await s.waitFor('[data-testid="finding"][data-rule="dialogue.broadcast"]');
    assert.equal(await s.property(finding, "dataset").then((d) => d.level), "warning");
    await s.waitFor('[data-testid="finding-mark"][data-rule="dialogue.broadcast"]');
    await s.click(finding);
    assert.match(await s.text(finding), /conversation/i, "the explanation says why");
    const xBefore = await textOf(s, '[data-testid="counter-x"]');
    assert.match(xBefore, new RegExp(`${[...BROADCAST].length}\\s*/\\s*280`));
    await picture(s, "drafts-broadcast");

    console.log("# step: apply the fix");
    await s.click(await s.find('[data-testid="finding"][data-rule="dialogue.broadcast"] [data-testid="finding-fix"]'));
    const xAfter = await changedText(s, '[data-testid="counter-x"]', xBefore);
    assert.match(xAfter, /\d+\s*\/\s*280/);
    const fixed = await draftText(s);
    assert.match(fixed, /E tu, cosa ne pensi\? Raccontacelo nei commenti\.\n\n#Bologna$/, "the question goes before the hashtags");
    for (let i = 0; i < 50; i++) {
      const left = await s.execute("return document.querySelectorAll('[data-testid=\"finding\"][data-rule=\"dialogue.broadcast\"]').length");
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(
      await s.execute("return document.querySelectorAll('[data-testid=\"finding\"][data-rule=\"dialogue.broadcast\"]').length"),
      0,
      "the post now opens a conversation",
    );

    console.log("# step: Bluesky preview");
    await s.click(await s.find('[data-testid="preview-tab-bluesky"]'));
    assert.match(await textOf(s, '[data-testid="preview-bluesky"]'), /Raccontacelo nei commenti/);
    await s.waitFor('[data-testid="draft-save-status"]', {
      predicate: async (e) => /saved|salvat/i.test(await s.text(e)),
    });
    await picture(s, "drafts-editor");

    console.log("# step: forbid a word in the voice guide");
    await s.click(await s.find('[data-testid="nav-voice"]'));
    await s.click(await s.waitFor('[data-testid="voice-add-rule"]'));
    await s.setValue(await s.waitFor('[data-testid="rule-kind"]'), "forbid");
    await s.type(await s.find('[data-testid="rule-id"]'), "niente-festa");
    await s.type(await s.find('[data-testid="rule-message"]'), "Non diciamo «festa»: raccontiamo che cosa succede.");
    await s.type(await s.waitFor('[data-testid="rule-terms"]'), "festa");
    await s.click(await s.find('[data-testid="rule-save"]'));
    await s.waitFor('[data-testid="rule-card"][data-rule-id="niente-festa"]');
    await picture(s, "voice-guide");
    const exported = `${data}/../guide.toml`;
    agora(data, "guide", "export", exported);
    assert.match(readFileSync(exported, "utf8"), /id = "niente-festa"/, "the rule is in the library's guide");

    console.log("# step: the draft flags the word");
    await s.click(await s.find('[data-testid="nav-drafts"]'));
    await s.click(await s.waitFor('[data-testid="draft-item"]'));
    const flagged = await s.waitFor('[data-testid="finding"][data-rule="niente-festa"]');
    assert.match(await s.text(flagged), /festa/);
    await s.waitFor('[data-testid="finding-mark"][data-rule="niente-festa"]');
    await picture(s, "drafts-guide-rule");
    await s.quit();
  });
});
