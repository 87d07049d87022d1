// The UI's rules, checked in its sources: only `backend.ts` may talk to Tauri (every other module goes through
// it; tests may mock it), no HTML is ever inserted, and outside pages open only through ExternalLink.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { expect, it } from "vitest";

const SRC = resolve(process.cwd(), "src");
const TAURI_IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)["']@tauri-apps\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

it("finds the source files it checks", () => {
  const files = sourceFiles(SRC).map((f) => relative(SRC, f));
  expect(files).toContain("lib/backend.ts");
  expect(files).toContain("App.svelte");
});

it("imports @tauri-apps only in lib/backend.ts", () => {
  const offenders = sourceFiles(SRC)
    .filter((file) => TAURI_IMPORT.test(readFileSync(file, "utf8")))
    .map((file) => relative(SRC, file));
  expect(offenders).toEqual(["lib/backend.ts"]);
});

it("never inserts HTML: every text from outside is rendered as text", () => {
  const RAW_HTML = /\{@html\b|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(/;
  const offenders = sourceFiles(SRC)
    .filter((file) => RAW_HTML.test(readFileSync(file, "utf8")))
    .map((file) => relative(SRC, file));
  expect(offenders).toEqual([]);
});

it("opens outside pages only through ExternalLink, in the browser", () => {
  const RAW_LINK = /<a\s[^>]*href=\{/;
  const offenders = sourceFiles(SRC)
    .filter((file) => RAW_LINK.test(readFileSync(file, "utf8")))
    .map((file) => relative(SRC, file));
  expect(offenders).toEqual(["lib/components/ExternalLink.svelte"]);
});
