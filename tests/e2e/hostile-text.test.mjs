// Text that looks like markup or script — in the library's name, people's and organisations' names and
// notes, an interaction's summary, a campaign's name, objective and notes, a post's text, and a voice-guide
// rule's message and explanation — is shown as text and never run: on every section that shows it, the DOM
// holds no element the text would have made, no script set its flag, no dialog opened, the window stayed on
// the app's pages, and a very long word does not push the page wider than the window. A script that tries to
// take the window elsewhere is refused. Run through `make e2e`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "./webdriver.mjs";
import { agora, scenario, withDriver } from "./harness.mjs";

/** Each payload sets `window.__xss` (and the first opens a dialog) if the window ever runs it. */
const HOSTILE = {
  img: `<img src=x onerror="window.__xss='img';alert(1)">`,
  script: `<script>window.__xss='script'</script>`,
  svg: `"><svg onload="window.__xss='svg'">`,
  link: `<a href="javascript:window.__xss='link'">clic</a>`,
  rtl: "Lettura \u202Egnp.exe",
};
const LONG_WORD = "Precipitevolissimevolmente".repeat(60);

/** What the page holds that hostile text could have made, and where the window is. */
function inspect(s) {
  return s.execute(`
    const longest = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.includes("Precipitevolissimevolmente")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      longest.push(Math.round(range.getBoundingClientRect().right));
    }
    return {
      ran: window.__xss ?? null,
      made: [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], script:not([src]), a[href^="javascript:" i], iframe, object, embed')]
        .map((e) => e.outerHTML.slice(0, 120)),
      href: location.href,
      text: document.body.innerText,
      widest: Math.max(0, ...longest),
      width: window.innerWidth,
    };`);
}

/** Checks that `section`'s page shows `shown` as text and nothing hostile ran or was made. */
async function assertInert(s, section, shown, appPage) {
  const page = await inspect(s);
  assert.equal(page.ran, null, `${section}: a payload ran`);
  assert.deepEqual(page.made, [], `${section}: elements made from text`);
  assert.equal(page.href.split("#")[0], appPage, `${section}: the window left the app`);
  assert.equal(await s.alertText(), null, `${section}: a dialog opened`);
  for (const text of shown) assert.ok(page.text.includes(text), `${section} shows ${JSON.stringify(text)} as text`);
  assert.ok(page.widest <= page.width, `${section}: a long word reaches ${page.widest}px in a ${page.width}px window`);
}

test("markup and script typed into free-text fields are shown as text and never run", async () => {
  const { data, env } = scenario("hostile-text");
  const cli = (...args) => JSON.parse(agora(data, "--format", "json", ...args));
  agora(data, "init", "--name", `Biblioteca ${HOSTILE.svg}`, "--city", "Bologna", "--languages", "it,en", "--timezone", "Europe/Rome");
  const reader = cli("people", "add", "--name", `Lettrice ${HOSTILE.svg}`, "--note", `${HOSTILE.rtl} ${HOSTILE.script} ${LONG_WORD}`).id;
  cli("orgs", "add", "--name", HOSTILE.link, "--note", HOSTILE.img);
  cli("interactions", "add", "--person", String(reader), "--channel", "social_comment", "--direction", "in",
    "--summary", `${HOSTILE.img} chiede dei laboratori ${LONG_WORD}`, "--awaiting");
  const campaign = cli("campaigns", "add", "--name", HOSTILE.script, "--start", "2027-03-01", "--end", "2027-03-31",
    "--objective", HOSTILE.img, "--notes", LONG_WORD).id;
  cli("posts", "add", "--campaign", String(campaign), "--at", "2027-03-04T10:00", "--channel", "mastodon",
    "--text", `${HOSTILE.link} ${LONG_WORD} E voi, che cosa leggete?`);
  const guide = join(data, "..", "guide.toml");
  writeFileSync(guide, [
    "[identity]",
    `library = ${JSON.stringify(HOSTILE.svg)}`,
    "",
    "[[rules]]",
    'id = "parole-ostili"',
    'kind = "forbid"',
    'terms = ["laboratorio"]',
    `message = ${JSON.stringify(HOSTILE.img)}`,
    `explanation = ${JSON.stringify(HOSTILE.script)}`,
    'link = "https://biblioteca.example/guida"',
    "",
  ].join("\n"));
  agora(data, "guide", "import", guide);

  await withDriver(env, async (driver) => {
    const s = await Session.start(driver);
    await s.waitFor('[data-testid="section-today"]');
    const appPage = (await s.url()).split("#")[0];
    const visit = async (section, ready) => {
      await s.click(await s.find(`[data-testid="nav-${section}"]`));
      return s.waitFor(ready);
    };

    console.log("# step: Today, with the library's name and a waiting message");
    await s.waitFor('[data-testid="review-waiting-item"]');
    await assertInert(s, "today", [HOSTILE.svg, HOSTILE.img], appPage);

    console.log("# step: a person typed in the window");
    await visit("people", '[data-testid="person-add"]');
    await s.click(await s.find('[data-testid="person-add"]'));
    await s.type(await s.waitFor("#person-name"), HOSTILE.img);
    await s.click(await s.find('[data-testid="person-save"]'));
    await s.waitFor('[data-testid="person-page"]');
    await assertInert(s, "new person", [HOSTILE.img], appPage);

    console.log("# step: a person and an organisation from the command line");
    await visit("people", '[data-testid="people-search"]');
    await s.type(await s.find('[data-testid="people-search"]'), "Lettrice");
    await s.click(await s.waitFor(`[data-testid="search-result"][data-id="${reader}"]`));
    await s.waitFor(`[data-testid="person-page"][data-id="${reader}"]`);
    await s.waitFor('[data-testid="timeline-entry"]');
    await assertInert(s, "person page", [HOSTILE.svg, HOSTILE.rtl, HOSTILE.script, HOSTILE.img], appPage);
    await s.screenshot("50-hostile-person");
    await s.click(await s.find('[data-testid="person-back"]'));
    await s.click(await s.waitFor('[data-testid="people-tab-organisations"]'));
    await s.click(await s.waitFor('[data-testid="org-item"]'));
    await s.waitFor('[data-testid="org-page"]');
    await assertInert(s, "organisation page", [HOSTILE.link, HOSTILE.img], appPage);

    console.log("# step: the campaign and its post");
    await visit("campaigns", `[data-testid="campaign-card-${campaign}"]`);
    await assertInert(s, "campaigns", [HOSTILE.script], appPage);
    await s.click(await s.find(`[data-testid="campaign-card-${campaign}"]`));
    await s.waitFor(`[data-testid="campaign-page-${campaign}"]`);
    await assertInert(s, "campaign page", [HOSTILE.script, HOSTILE.img], appPage);
    await s.screenshot("51-hostile-campaign");

    console.log("# step: a draft typed in the window, checked against the guide");
    await visit("drafts", '[data-testid="drafts-new"]');
    await s.click(await s.find('[data-testid="drafts-new"]'));
    await s.click(await s.waitFor('[data-testid="new-draft-create"]'));
    await s.againIfRedrawn(async () => s.type(await s.waitFor('[data-testid="draft-text"]'), `${HOSTILE.svg} Venite al laboratorio? ${HOSTILE.link}`));
    await s.waitFor('[data-testid="finding"]', { predicate: async (e) => (await s.text(e)).includes("onerror") });
    await s.execute("document.querySelectorAll('[data-testid=\"finding\"] details').forEach((d) => (d.open = true))");
    await assertInert(s, "draft", [HOSTILE.img, HOSTILE.script], appPage);
    await s.screenshot("52-hostile-draft");

    console.log("# step: the voice guide");
    await visit("voice", '[data-testid="rule-card"]');
    await assertInert(s, "voice guide", [HOSTILE.img], appPage);

    console.log("# step: a script cannot take the window elsewhere");
    await s.execute("location.href = 'https://example.org/'");
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await s.url()).split("#")[0], appPage, "the navigation was refused");
    await s.waitFor('[data-testid="rule-card"]');
    await s.quit();
  });
});
