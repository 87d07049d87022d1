// A minimal W3C WebDriver client over fetch, and the tauri-driver process that serves it. The e2e tests use
// it to drive the real Agora window (WebKitGTK) under Xvfb; no npm dependency is needed.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdtempSync, mkdirSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
let nextPort = 4444;

export const app = process.env.AGORA_APP;
export const artifacts = process.env.AGORA_ARTIFACTS ?? join(process.cwd(), "artifacts");

/** A fresh folder for one scenario: the data folder and the config folder (window state) inside it. */
export function scratchDir(name) {
  return mkdtempSync(join(tmpdir(), `agora-e2e-${name}-`));
}

/**
 * Starts tauri-driver with the environment the app should see; resolves once it accepts sessions. It runs in
 * its own process group, with its output in artifacts/, so `stop()` ends it together with WebKitWebDriver and
 * any app it started, and no leftover process keeps the test runner's pipes open.
 */
export async function startDriver(env) {
  const port = nextPort;
  nextPort += 2;
  mkdirSync(artifacts, { recursive: true });
  const log = openSync(join(artifacts, `tauri-driver-${port}.log`), "w");
  const proc = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", log, log],
    detached: true,
  });
  closeSync(log);
  const stop = async () => {
    for (const signal of ["SIGTERM", "SIGKILL"]) {
      try {
        process.kill(-proc.pid, signal);
      } catch {
        return; // the group has already exited
      }
      await sleep(300);
    }
  };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`tauri-driver did not start on port ${port}`);
}

async function request(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${JSON.stringify(json.value)}`);
  return json.value;
}

/** One WebDriver session: the app started by tauri-driver. */
export class Session {
  static async start(driver) {
    const value = await request("POST", `${driver.url}/session`, {
      capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application: app } } },
    });
    const session = new Session(`${driver.url}/session/${value.sessionId}`);
    // Finding an element waits up to 5 s for it: sections other than Today load when first opened.
    await request("POST", `${session.base}/timeouts`, { implicit: 5000 });
    return session;
  }

  constructor(base) {
    this.base = base;
  }

  quit() {
    return request("DELETE", this.base);
  }

  /** The address the window shows. */
  url() {
    return request("GET", `${this.base}/url`);
  }

  /** The text of the open alert, confirm or prompt dialog, or `null` when none is open. */
  async alertText() {
    try {
      return await request("GET", `${this.base}/alert/text`);
    } catch (e) {
      if (/no such alert/i.test(e.message)) return null;
      throw e;
    }
  }

  async find(css) {
    const value = await request("POST", `${this.base}/element`, { using: "css selector", value: css });
    return value[ELEMENT];
  }

  /** Waits until `css` matches an element (and, if given, `predicate(element)` holds). */
  async waitFor(css, { timeout = 15000, predicate } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const el = await this.find(css);
        if (!predicate || (await predicate(el))) return el;
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${css}${last ? `: ${last.message}` : ""}`);
  }

  /** Runs `action`, again if the element it used was drawn anew meanwhile (a list or an editor reloading). */
  async againIfRedrawn(action) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await action();
      } catch (e) {
        if (attempt === 5 || !/stale element/.test(e.message)) throw e;
        await sleep(200);
      }
    }
  }

  /** Waits for `css` and clicks it, finding it again if it was drawn anew in between. */
  clickOn(css) {
    return this.againIfRedrawn(async () => this.click(await this.waitFor(css)));
  }

  /** Clicks `el` after bringing it to the middle of its scrolling container (sticky bars cannot cover it). */
  async click(el) {
    await this.execute("arguments[0].scrollIntoView({ block: 'center' })", [{ [ELEMENT]: el }]);
    try {
      return await request("POST", `${this.base}/element/${el}/click`, {});
    } catch (e) {
      // Say what was to be clicked and what covered it, and keep a picture of the moment.
      const what = await this.execute(
        "const el = arguments[0]; const r = el.getBoundingClientRect(); const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return el.outerHTML.slice(0, 160) + ' covered by ' + (top ? top.outerHTML.slice(0, 160) : 'nothing');",
        [{ [ELEMENT]: el }],
      );
      await this.screenshot("failed-click").catch(() => {});
      throw new Error(`${e.message}: ${what}`);
    }
  }

  async type(el, text) {
    await request("POST", `${this.base}/element/${el}/clear`, {});
    return request("POST", `${this.base}/element/${el}/value`, { text });
  }

  text(el) {
    return request("GET", `${this.base}/element/${el}/text`);
  }

  property(el, name) {
    return request("GET", `${this.base}/element/${el}/property/${name}`);
  }

  execute(script, args = []) {
    return request("POST", `${this.base}/execute/sync`, { script, args });
  }

  windowRect() {
    return request("GET", `${this.base}/window/rect`);
  }

  /**
   * Closes the open dialog, if one is open, with its close button and waits until it is gone. The button is
   * found and clicked in one step: a dialog that closes itself meanwhile is not an error.
   */
  async closeDialog() {
    const open = () => this.execute("return document.querySelector('[role=\"dialog\"]') !== null");
    const clicked = await this.execute(
      "const close = document.querySelector('[role=\"dialog\"] .head button'); close?.click(); return close !== null",
    );
    if (!clicked) return;
    for (let i = 0; i < 50; i++) {
      if (!(await open())) return;
      await sleep(100);
    }
    throw new Error("the dialog did not close");
  }

  /** Drags element `el` by pressing on it, moving to element `target` in steps, and releasing. */
  drag(el, target) {
    const origin = (id) => ({ [ELEMENT]: id });
    const steps = [0.25, 0.5, 0.75, 1].map((f) => ({ type: "pointerMove", duration: 80, origin: origin(target), x: 0, y: Math.round(-20 * (1 - f)) }));
    return request("POST", `${this.base}/actions`, {
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [
            { type: "pointerMove", duration: 0, origin: origin(el), x: 0, y: 0 },
            { type: "pointerDown", button: 0 },
            { type: "pause", duration: 150 },
            ...steps,
            { type: "pointerUp", button: 0 },
          ],
        },
      ],
    });
  }

  /** Sets a form control's value as typed input would (for date inputs, whose typing differs per engine). */
  setValue(el, value) {
    return this.execute(
      "const [el, v] = arguments; el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));",
      [{ [ELEMENT]: el }, value],
    );
  }

  setWindowSize(width, height) {
    return request("POST", `${this.base}/window/rect`, { width, height });
  }

  /**
   * Takes a screenshot once the page has painted what the DOM holds (two animation frames later), from the X
   * display itself, cropped to the window: the app paints without compositing (see src-tauri's main.rs),
   * where WebKitWebDriver's own screenshot command can wait for ever after the page changes.
   */
  async screenshot(name) {
    await request("POST", `${this.base}/execute/async`, {
      script: "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
      args: [],
    });
    const { x, y, width, height } = await this.windowRect();
    const dir = join(artifacts, "screenshots");
    mkdirSync(dir, { recursive: true });
    const crop = `${width}x${height}+${Math.max(0, x)}+${Math.max(0, y)}`;
    execFileSync("import", ["-window", "root", "-crop", crop, "+repage", join(dir, `${name}.png`)]);
  }
}
