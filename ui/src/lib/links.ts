// Which addresses the window shows as links: web addresses only (http, https). A `javascript:`, `data:` or
// `file:` address from a social network or a guide file is shown as text, never as a link. The core checks
// the same before opening anything (agora::links).

/** `text` as a web address, or `null` when it is anything else. */
export function webAddress(text: string | null | undefined): string | null {
  if (!text) return null;
  try {
    const url = new URL(text.trim());
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" ? url.href : null;
  } catch {
    return null;
  }
}
