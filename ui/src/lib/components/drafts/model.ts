// The Drafts editor's model helpers: default networks, what is saved and checked, and what keeps a post
// from becoming ready.
import type { CheckReport } from "$lib/bindings/CheckReport";
import type { DraftCheck } from "$lib/bindings/DraftCheck";
import type { DraftContent } from "$lib/bindings/DraftContent";
import type { Language } from "$lib/bindings/Language";
import type { Network } from "$lib/bindings/Network";
import type { PostImage } from "$lib/bindings/PostImage";
import type { SocialHandle } from "$lib/bindings/SocialHandle";
import type { Variant } from "$lib/bindings/Variant";
import { NETWORKS } from "$lib/catalog";

/** The networks a new draft goes to unless the officer changes them: the library's accounts, else Mastodon and Bluesky. */
export function defaultNetworks(handles: readonly SocialHandle[]): Network[] {
  const own = handles.map((h) => h.network);
  const chosen = NETWORKS.filter((n) => own.includes(n));
  return chosen.length > 0 ? chosen : ["mastodon", "bluesky"];
}

/** What the editor saves: variants that are not custom follow the main text. */
export function draftContent(text: string, lang: Language | null, variants: readonly Variant[], images: readonly PostImage[]): DraftContent {
  return {
    text,
    lang,
    variants: variants.map((v) => ({ network: v.network, text: v.custom ? v.text : text, custom: v.custom })),
    images: images.map((i) => ({ path: i.path, alt: i.alt })),
  };
}

/** What the checker is asked about one text. */
export function draftCheck(
  text: string,
  lang: Language | null,
  networks: readonly Network[],
  images: readonly PostImage[],
  aboutEvent: boolean,
  explainIn: Language,
): DraftCheck {
  return { text, lang, networks: [...networks], images: images.map((i) => ({ alt: i.alt })), about_event: aboutEvent, explain_in: explainIn };
}

/**
 * What keeps the post from becoming ready, as the editor knows it: the error-level findings of each text that
 * goes out and the networks it is too long for. `main` is the main text's report (used when some network
 * follows it), `own` the reports of the custom versions.
 */
export function blockingProblems(
  variants: readonly Variant[],
  main: CheckReport | null,
  own: Partial<Record<Network, CheckReport | null>>,
): { network: Network | null; message: string; tooLong: boolean }[] {
  const problems: { network: Network | null; message: string; tooLong: boolean }[] = [];
  const following = variants.filter((v) => !v.custom).map((v) => v.network);
  if (main && following.length > 0) {
    for (const f of main.findings.filter((f) => f.level === "error")) problems.push({ network: null, message: f.message, tooLong: false });
    for (const network of following) {
      if (main.networks[network]?.fits === false) problems.push({ network, message: "", tooLong: true });
    }
  }
  for (const variant of variants.filter((v) => v.custom)) {
    const report = own[variant.network];
    if (!report) continue;
    for (const f of report.findings.filter((f) => f.level === "error")) {
      problems.push({ network: variant.network, message: f.message, tooLong: false });
    }
    if (report.networks[variant.network]?.fits === false) problems.push({ network: variant.network, message: "", tooLong: true });
  }
  return problems;
}
