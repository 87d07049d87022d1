// What every end-to-end scenario shares: its own data and config folders, a tauri-driver whose app sees
// them, the `agora` command line on the same data, and small waiting helpers.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { scratchDir, startDriver } from "./webdriver.mjs";

/** The environment of one scenario's app: its own data and config folders, a neutral OS locale (English). */
export function scenario(name) {
  const dir = scratchDir(name);
  return {
    data: join(dir, "data"),
    env: {
      AGORA_DATA_DIR: join(dir, "data"),
      XDG_CONFIG_HOME: join(dir, "config"),
      LANG: "C.UTF-8",
      LC_ALL: "",
      LC_MESSAGES: "",
    },
  };
}

/** Runs `body` with a tauri-driver whose app sees `env`. */
export async function withDriver(env, body) {
  const driver = await startDriver(env);
  try {
    await body(driver);
  } finally {
    await driver.stop();
  }
}

/** Runs the `agora` command line on a data folder. */
export function agora(data, ...args) {
  return execFileSync(process.env.AGORA_CLI, ["--data-dir", data, ...args], { encoding: "utf8" });
}

export async function textOf(s, css) {
  return s.text(await s.waitFor(css));
}
