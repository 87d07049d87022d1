// The editor's pieces on their own: nested underlines over overlapping findings, the findings panel's
// selection, disclosure and fix, counters, the preview's cut and the readability scale.
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Finding } from "$lib/bindings/Finding";
import FindingsPanel from "./FindingsPanel.svelte";
import HighlightedTextarea from "./HighlightedTextarea.svelte";
import NetworkCounters from "./NetworkCounters.svelte";
import PostPreview from "./PostPreview.svelte";
import ReadabilityGauge from "./ReadabilityGauge.svelte";

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: "jargon",
    level: "warning",
    message: "Plain words read better.",
    explanation: "Explained here.",
    link: null,
    start: 0,
    end: 0,
    suggestion: null,
    fix: null,
    ...overrides,
  };
}

describe("HighlightedTextarea", () => {
  it("nests one mark per finding where findings overlap, the most serious innermost", () => {
    const text = "📚 Gli utenti della biblioteca";
    const { container } = render(HighlightedTextarea, {
      id: "t",
      testid: "t",
      value: text,
      findings: [
        finding({ rule: "long", level: "warning", start: 2, end: 18 }),
        finding({ rule: "no-utenti", level: "error", start: 6, end: 12 }),
        finding({ rule: "whole", level: "suggestion", start: 5, end: 5 }),
      ],
    });
    const backdrop = container.querySelector(".backdrop")!;
    expect(backdrop.textContent).toBe(`${text}\u200b`);
    const inner = container.querySelector("mark[data-rule='long'] > mark[data-rule='no-utenti']");
    expect(inner).toHaveTextContent(/^utenti$/);
    expect(inner).toHaveClass("level-error");
    const long = [...container.querySelectorAll("mark[data-rule='long']")].map((m) => m.textContent).join("");
    expect(long).toBe("Gli utenti della");
    expect(container.querySelector("mark[data-rule='whole']")).toBeNull();
    expect(screen.getByTestId("t")).toHaveValue(text);
  });
});

describe("FindingsPanel", () => {
  it("groups by level, opens the explanation on click, and applies a fix", async () => {
    const onselect = vi.fn();
    const onapply = vi.fn();
    const error = finding({
      rule: "no-utenti",
      level: "error",
      message: "Say «lettori».",
      start: 4,
      end: 10,
      suggestion: "lettori",
      fix: { start: 4, end: 10, replacement: "lettori" },
      link: "https://example.org",
    });
    render(FindingsPanel, {
      findings: [finding({ rule: "s", level: "suggestion" }), error],
      text: "Gli utenti leggono",
      idPrefix: "p",
      onselect,
      onapply,
    });
    const cards = screen.getAllByTestId("finding");
    expect(cards.map((c) => c.dataset.level)).toEqual(["error", "suggestion"]);
    expect(screen.getByRole("heading", { name: /To fix before publishing · 1/ })).toBeInTheDocument();
    expect(cards[0]).toHaveTextContent("«utenti»");
    expect(cards[0]).toHaveTextContent("Try: lettori");

    const details = cards[0].querySelector("details")!;
    expect(details.open).toBe(false);
    await fireEvent.click(cards[0].querySelector(".suggestion")!);
    expect(onselect).toHaveBeenCalledWith(error);
    expect(details.open).toBe(true);
    expect(within(cards[0]).getByRole("link", { name: "Read more" })).toHaveAttribute("href", "https://example.org/");

    await fireEvent.click(within(cards[0]).getByTestId("finding-fix"));
    expect(onapply).toHaveBeenCalledWith(error);
    expect(within(cards[1]).queryByTestId("finding-fix")).toBeNull();
  });
});

describe("NetworkCounters", () => {
  it("shows length/limit, further limits, and what does not fit", () => {
    render(NetworkCounters, {
      networks: ["bluesky", "instagram"],
      counts: {
        bluesky: { length: 320, limit: 300, unit: "graphemes", fits: false, cut_at: 300, also: [{ length: 340, limit: 3000, unit: "bytes", fits: true }], parts: [] },
        instagram: { length: 40, limit: 2200, unit: "characters", fits: false, cut_at: 30, also: [{ length: 31, limit: 30, unit: "hashtags", fits: false }], parts: [] },
      },
      custom: ["instagram"],
    });
    const bluesky = screen.getByTestId("counter-bluesky");
    expect(bluesky).toHaveAttribute("data-fits", "false");
    expect(bluesky).toHaveTextContent("320/300");
    expect(bluesky).toHaveTextContent("340/3000 bytes");
    expect(bluesky).toHaveTextContent("20 too many");
    const instagram = screen.getByTestId("counter-instagram");
    expect(instagram).toHaveTextContent("40/2200");
    expect(instagram).toHaveTextContent("31/30 hashtags");
    expect(instagram).toHaveTextContent("Too long for this network");
    expect(instagram).toHaveTextContent("own version");
  });

  it("says how many posts a thread makes", () => {
    const parts = [
      { start: 0, end: 5 },
      { start: 10, end: 20 },
    ];
    render(NetworkCounters, {
      networks: ["mastodon"],
      counts: { mastodon: { length: 10, limit: 500, unit: "characters", fits: true, cut_at: null, also: [], parts } },
    });
    expect(screen.getByTestId("counter-thread-mastodon")).toHaveTextContent("thread of 2");
  });
});

describe("PostPreview", () => {
  it("keeps line breaks, styles tags and strikes what is past the cut", () => {
    render(PostPreview, {
      network: "x",
      text: "Ciao 📚\n#Libri @biblio https://a.example",
      cutAt: 15,
      name: "Biblioteca",
      handle: "@biblio",
      images: [{ path: "/a/sala.jpg", alt: "" }],
    });
    const body = screen.getByTestId("preview-x");
    expect(body.querySelector(".hashtag")).toHaveTextContent("#Libri");
    expect(body.querySelector(".cut")).toHaveAttribute("aria-label", "The network cuts the post here");
    expect([...body.querySelectorAll("s.past")].map((s) => s.textContent).join("")).toBe("biblio https://a.example");
    expect(body.textContent).toContain("Ciao 📚\n#Libri");
    expect(screen.getByText("Image sala.jpg, not described yet")).toBeInTheDocument();
  });

  it("shows a thread post by post, numbered, cut where the too long one is cut", () => {
    const text = "Primo 📚\n---\nSecondo, troppo lungo";
    const second = Array.from(text).indexOf("S");
    render(PostPreview, {
      network: "bluesky",
      text,
      cutAt: second + 7,
      name: "Biblioteca",
      handle: null,
      images: [],
      threadParts: [
        { start: 0, end: 7 },
        { start: second, end: Array.from(text).length },
      ],
    });
    const preview = screen.getByTestId("preview-bluesky");
    const bodies = preview.querySelectorAll(".body");
    expect(bodies).toHaveLength(2);
    expect(bodies[0].textContent).toBe("Primo 📚");
    expect(bodies[1].querySelector("s.past")).toHaveTextContent(", troppo lungo");
    expect(screen.getAllByTestId("preview-thread-number").map((n) => n.textContent)).toEqual(["1/2", "2/2"]);
    expect(preview.textContent).not.toContain("---");
  });
});

describe("ReadabilityGauge", () => {
  const metrics = { words: 42, sentences: 4, letters: 0, syllables: 0, gulpease: 64.4, flesch: null };

  it("shows the Gulpease score in its band on a labelled scale", () => {
    render(ReadabilityGauge, { metrics, lang: "it" });
    const gauge = screen.getByTestId("readability");
    expect(gauge).toHaveTextContent("64");
    expect(gauge).toHaveTextContent("Fine");
    expect(gauge).toHaveTextContent("Under 40: Very hard");
    expect(gauge).toHaveTextContent("80 and over: Easy");
    expect(gauge).toHaveTextContent("Words: 42 · Sentences: 4");
  });

  it("says how many words the score needs", () => {
    render(ReadabilityGauge, { metrics: { ...metrics, words: 12, gulpease: null }, lang: "en" });
    expect(screen.getByTestId("readability")).toHaveTextContent("The score needs at least 30 words (now 12).");
  });
});
