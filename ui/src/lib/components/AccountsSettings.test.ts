// Connecting a Mastodon account in Settings against a scripted backend: the address and token are sent,
// the token is forgotten by the form, the account is listed with its server's limits; a refusal is shown.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { Account } from "$lib/bindings/Account";
import { fakeCall, resetSession } from "../../test/fixtures";
import AccountsSettings from "./AccountsSettings.svelte";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  call: vi.fn(),
}));

const account: Account = {
  id: 1,
  network: "mastodon",
  server: "https://mastodon.uno",
  handle: "@salaborsa@mastodon.uno",
  display_name: "Biblioteca Sala Borsa",
  limits: { max_characters: 1000, characters_per_url: 23, max_media: 4 },
  connected_at: "2026-11-29T09:00:00Z",
};

describe("social accounts", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("connects a Mastodon account with a token and lists it", async () => {
    const add = vi.fn(() => account);
    vi.mocked(call).mockImplementation(fakeCall({ list_accounts: () => [], add_mastodon_account: add }));
    render(AccountsSettings);
    expect(await screen.findByTestId("accounts-none")).toBeInTheDocument();
    await fireEvent.input(document.getElementById("mastodon-server")!, { target: { value: "https://mastodon.uno" } });
    await fireEvent.input(document.getElementById("mastodon-token")!, { target: { value: "secret-token" } });
    await fireEvent.submit(screen.getByTestId("mastodon-connect"));
    expect(add).toHaveBeenCalledWith({ server: "https://mastodon.uno", token: "secret-token" });
    const listed = await screen.findByTestId("account");
    expect(listed).toHaveTextContent("@salaborsa@mastodon.uno");
    expect(listed).toHaveTextContent("1000 characters");
    expect(document.getElementById("mastodon-token")).toHaveValue("");
  });

  it("shows why a token was refused", async () => {
    vi.mocked(call).mockImplementation(
      fakeCall({
        list_accounts: () => [],
        add_mastodon_account: () => {
          throw new BackendError("network", "https://mastodon.uno/api/v1/accounts/verify_credentials: the access token was refused (401)");
        },
      }),
    );
    render(AccountsSettings);
    await fireEvent.submit(await screen.findByTestId("mastodon-connect"));
    expect(await screen.findByRole("alert")).toHaveTextContent("the access token was refused");
  });

  it("connects a Bluesky account with an app password", async () => {
    const bluesky: Account = {
      ...account,
      id: 2,
      network: "bluesky",
      server: "https://morel.us-east.host.bsky.network",
      handle: "salaborsa.bsky.social",
      display_name: "",
      limits: { max_characters: 300, characters_per_url: 0, max_media: 4 },
    };
    const add = vi.fn(() => bluesky);
    vi.mocked(call).mockImplementation(fakeCall({ list_accounts: () => [], add_bluesky_account: add }));
    render(AccountsSettings);
    await fireEvent.input(await screen.findByLabelText("Handle"), { target: { value: "salaborsa.bsky.social" } });
    await fireEvent.input(screen.getByLabelText("App password"), { target: { value: "abcd-efgh-ijkl-mnop" } });
    await fireEvent.submit(screen.getByTestId("bluesky-connect"));
    expect(add).toHaveBeenCalledWith({ handle: "salaborsa.bsky.social", password: "abcd-efgh-ijkl-mnop", service: null });
    expect(await screen.findByTestId("account")).toHaveTextContent("links count in full");
    expect(screen.getByLabelText("App password")).toHaveValue("");
  });
});
