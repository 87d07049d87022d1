// Sample review-queue items for the tests: a message waiting for an answer and a contact due a call.
import type { DueContact } from "$lib/bindings/DueContact";
import type { Interaction } from "$lib/bindings/Interaction";
import type { Party } from "$lib/bindings/Party";

/** An inbound comment awaiting our reply, from people named `names` (ids 1, 2… unless `firstId` is given). */
export function sampleMessage(id: number, occurred_at: string, names: readonly string[], summary = "Asks about the workshops", firstId = 1): Interaction {
  return {
    id,
    occurred_at,
    occurred_local: occurred_at.slice(0, 19),
    channel: "social_comment",
    direction: "inbound",
    summary,
    awaiting_reply: true,
    amplified: false,
    campaign_id: null,
    post_id: null,
    event_id: null,
    participants: names.map((name, index) => ({ party: { kind: "person", id: firstId + index }, name, role: "" })),
  };
}

/** A contact `days` days after its last contact, aiming for every 30 days and at most 60. */
export function sampleContact(party: Party, name: string, days: number, overrides: Partial<DueContact> = {}): DueContact {
  return {
    party,
    name,
    last_interaction: "2026-01-17T10:00:00Z",
    last_inbound: null,
    // The bindings type the core's 64-bit count as bigint; over the bridge it is a plain number.
    days_since: days as unknown as bigint,
    ideal_days: 30,
    max_days: 60,
    ...overrides,
  };
}
