// The review queue in words: how long ago something happened, how a contact stands against its cadence,
// who wrote, the channels to get back in touch through, and what is logged when we do.
import type { Channel } from "$lib/bindings/Channel";
import type { DueContact } from "$lib/bindings/DueContact";
import type { Interaction } from "$lib/bindings/Interaction";
import type { InteractionInput } from "$lib/bindings/InteractionInput";
import type { Party } from "$lib/bindings/Party";
import { currentLanguage, t } from "$lib/i18n/index.svelte";

/** The ways of getting back in touch offered when replying or logging a call or meeting. */
export const CONTACT_CHANNELS: readonly Channel[] = ["phone", "meeting", "email", "direct_message", "other"];

/** Channels as drop-down choices; `include` is added when it is not among them (e.g. the channel of a message). */
export function channelOptions(list: readonly Channel[], include: Channel | null = null): { value: Channel; label: string }[] {
  const all = include !== null && !list.includes(include) ? [include, ...list] : list;
  return all.map((value) => ({ value, label: t(`people.channel.${value}`) }));
}

/** What we said to `parties`, logged now; `answers` is the message it replies to (whose wait it ends). */
export function outbound(channel: Channel, summary: string, parties: readonly Party[], answers: number | null = null): InteractionInput {
  return {
    occurred_at: null,
    channel,
    direction: "outbound",
    summary,
    awaiting_reply: false,
    amplified: false,
    campaign_id: null,
    post_id: null,
    event_id: null,
    participants: parties.map((party) => ({ party, role: "" })),
    answers,
  };
}

/** A stable key for a person or organisation, e.g. "person-4". */
export function partyKey(party: Party): string {
  return `${party.kind}-${party.id}`;
}

/** How long ago `iso` was, in the interface language: "just now", "3 hours ago", "yesterday", "3 days ago"… */
export function relativeAge(iso: string, now: Date = new Date()): string {
  const format = new Intl.RelativeTimeFormat(currentLanguage(), { numeric: "auto" });
  const seconds = Math.max(0, (now.getTime() - new Date(iso).getTime()) / 1000);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (minutes < 1) return format.format(0, "second");
  if (hours < 1) return format.format(-minutes, "minute");
  if (days < 1) return format.format(-hours, "hour");
  if (days < 60) return format.format(-days, "day");
  if (days < 730) return format.format(-Math.floor(days / 30.44), "month");
  return format.format(-Math.floor(days / 365.25), "year");
}

/** The contact's gap against its cadence, e.g. "52 days since the last contact; aim for every 30 days, at most 60". */
export function cadenceText(contact: DueContact): string {
  // The core counts days as a 64-bit integer; over the bridge it arrives as a plain number.
  const days = Number(contact.days_since);
  const since =
    contact.last_interaction === null
      ? t(days === 1 ? "review.since.neverOne" : "review.since.never", { days })
      : t(days === 1 ? "review.since.one" : "review.since.many", { days });
  const { ideal_days: ideal, max_days: max } = contact;
  const aim =
    ideal !== null && max !== null
      ? t("review.aim.both", { ideal, max })
      : ideal !== null
        ? t("review.aim.ideal", { ideal })
        : max !== null
          ? t("review.aim.max", { max })
          : null;
  return aim ? t("review.cadence", { since, aim }) : since;
}

/** Who took part in an interaction, by name. */
export function whoOf(interaction: Interaction): string {
  const names = interaction.participants.map((p) => p.name).filter((name) => name.trim() !== "");
  return names.length > 0 ? names.join(", ") : t("review.someone");
}

/** Unanswered messages, the longest waiting first. */
export function oldestFirst(items: readonly Interaction[]): Interaction[] {
  return [...items].sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at) || a.id - b.id);
}
