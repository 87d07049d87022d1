// The editor's model: default networks, what is saved and what keeps a post from becoming ready.
import { describe, expect, it } from "vitest";
import type { CheckReport } from "$lib/bindings/CheckReport";
import type { Finding } from "$lib/bindings/Finding";
import { blockingProblems, defaultNetworks, draftCheck, draftContent } from "./model";

const error = (message: string): Finding => ({
  rule: "r",
  level: "error",
  message,
  explanation: "",
  link: null,
  start: 0,
  end: 0,
  suggestion: null,
  fix: null,
});

function report(findings: Finding[], fits: Record<string, boolean>): CheckReport {
  return {
    lang: "it",
    lang_detected: true,
    findings,
    metrics: { words: 1, sentences: 1, letters: 1, syllables: 1, gulpease: null, flesch: null },
    networks: Object.fromEntries(
      Object.entries(fits).map(([n, ok]) => [n, { length: 1, limit: 1, unit: "characters", fits: ok, cut_at: null, also: [] }]),
    ),
  };
}

describe("model", () => {
  it("defaults to the library's own networks, else Mastodon and Bluesky", () => {
    expect(defaultNetworks([{ network: "instagram", handle: "@b" }, { network: "mastodon", handle: "@a" }])).toEqual([
      "mastodon",
      "instagram",
    ]);
    expect(defaultNetworks([])).toEqual(["mastodon", "bluesky"]);
  });

  it("saves variants that follow the main text with the main text", () => {
    const content = draftContent(
      "Main",
      "it",
      [
        { network: "mastodon", text: "old", custom: false },
        { network: "bluesky", text: "Own", custom: true },
      ],
      [{ path: "/a.jpg", alt: "A room" }],
    );
    expect(content.variants).toEqual([
      { network: "mastodon", text: "Main", custom: false },
      { network: "bluesky", text: "Own", custom: true },
    ]);
    expect(draftCheck("T", null, ["x"], content.images, true, "en")).toEqual({
      text: "T",
      lang: null,
      networks: ["x"],
      images: [{ alt: "A room" }],
      about_event: true,
      explain_in: "en",
    });
  });

  it("lists the errors and overlong texts of what goes out", () => {
    const variants = [
      { network: "mastodon" as const, text: "", custom: false },
      { network: "bluesky" as const, text: "b", custom: true },
    ];
    const problems = blockingProblems(variants, report([error("main")], { mastodon: false, bluesky: true }), {
      bluesky: report([error("own")], { bluesky: false }),
    });
    expect(problems).toEqual([
      { network: null, message: "main", tooLong: false },
      { network: "mastodon", message: "", tooLong: true },
      { network: "bluesky", message: "own", tooLong: false },
      { network: "bluesky", message: "", tooLong: true },
    ]);
    // When every network has its own version, the main text's errors do not count.
    const allOwn = variants.map((v) => ({ ...v, custom: true }));
    expect(blockingProblems(allOwn, report([error("main")], {}), {})).toEqual([]);
  });
});
