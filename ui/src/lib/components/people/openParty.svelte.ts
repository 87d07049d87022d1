// Opening a person's or an organisation's page from elsewhere in the app (e.g. Today's review queue).
import type { Party } from "$lib/bindings/Party";
import { navigate } from "$lib/session.svelte";

/** The page People & partners should open when it next renders (or at once, when it is showing). */
export const partyRequest = $state<{ party: Party | null }>({ party: null });

export function openParty(party: Party): void {
  partyRequest.party = party;
  navigate("people");
}

/** The requested page, once: the request is cleared when taken. */
export function takePartyRequest(): Party | null {
  const party = partyRequest.party;
  partyRequest.party = null;
  return party;
}
