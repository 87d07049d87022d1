// Connecting accounts in Settings against a scripted backend: a Mastodon account signs in through the
// browser (coming back by itself, or with a pasted code; cancelled; refused there) or, as an advanced way,
// with a token, which the form then forgets; the account is listed with its server's limits; a refusal is
// shown.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BackendError, call } from "$lib/backend";
import type { Account } from "$lib/bindings/Account";
import type { SignInPages } from "$lib/bindings/SignInPages";
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

const pages: SignInPages = {
  authorize_url: "https://mastodon.uno/oauth/authorize?response_type=code&client_id=c1&redirect_uri=http%3A%2F%2F127.0.0.1%3A4711%2Fcallback",
  code_url: "https://mastodon.uno/oauth/authorize?response_type=code&client_id=c1&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob",
  browser_opened: true,
};

/** A promise the test settles when it likes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Types the server and starts signing in through the browser. */
async function startSignIn() {
  await fireEvent.input(await screen.findByLabelText("Server address"), { target: { value: "https://mastodon.uno" } });
  await fireEvent.submit(screen.getByTestId("mastodon-sign-in"));
  return await screen.findByTestId("mastodon-waiting");
}

describe("social accounts", () => {
  beforeEach(() => {
    resetSession();
    vi.mocked(call).mockReset();
  });

  it("signs in to Mastodon through the browser, showing the page to copy while it waits", async () => {
    const browser = deferred<Account>();
    const start = vi.fn(() => pages);
    vi.mocked(call).mockImplementation(
      fakeCall({ list_accounts: () => [], start_mastodon_sign_in: start, wait_mastodon_sign_in: () => browser.promise }),
    );
    render(AccountsSettings);
    const waiting = await startSignIn();
    expect(start).toHaveBeenCalledWith({ server: "https://mastodon.uno" });
    expect(waiting).toHaveTextContent("Your browser shows the server's page");
    expect(screen.getByLabelText("The server's page")).toHaveValue(pages.authorize_url);
    expect(screen.getByLabelText("Page that shows a code")).toHaveValue(pages.code_url);
    browser.resolve(account);
    expect(await screen.findByTestId("account")).toHaveTextContent("@salaborsa@mastodon.uno");
    expect(screen.queryByTestId("mastodon-waiting")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Server address")).toHaveValue("");
  });

  it("connects with the code the server shows, and the stopped wait says nothing", async () => {
    const browser = deferred<Account>();
    const finish = vi.fn(() => {
      browser.reject(new BackendError("cancelled", "cancelled; nothing was written"));
      return account;
    });
    vi.mocked(call).mockImplementation(
      fakeCall({
        list_accounts: () => [],
        start_mastodon_sign_in: () => ({ ...pages, browser_opened: false }),
        wait_mastodon_sign_in: () => browser.promise,
        finish_mastodon_sign_in: finish,
      }),
    );
    render(AccountsSettings);
    expect(await startSignIn()).toHaveTextContent("Open this page in your browser");
    await fireEvent.input(screen.getByLabelText("Code from the server"), { target: { value: "a1b2c3" } });
    await fireEvent.submit(screen.getByTestId("mastodon-waiting"));
    expect(finish).toHaveBeenCalledWith({ code: "a1b2c3" });
    expect(await screen.findByTestId("account")).toHaveTextContent("@salaborsa@mastodon.uno");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says why a sign-in failed in the browser, and cancels one on request", async () => {
    const refused = deferred<Account>();
    const cancel = vi.fn(() => true);
    vi.mocked(call).mockImplementation(
      fakeCall({
        list_accounts: () => [],
        start_mastodon_sign_in: () => pages,
        wait_mastodon_sign_in: () => refused.promise,
        cancel_mastodon_sign_in: cancel,
      }),
    );
    render(AccountsSettings);
    await startSignIn();
    refused.reject(new BackendError("sign_in_failed", "signing in to https://mastodon.uno did not complete: access was not granted (access_denied)", "denied"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Access was not granted in the browser");
    expect(screen.queryByTestId("mastodon-waiting")).not.toBeInTheDocument();

    const stopped = deferred<Account>();
    vi.mocked(call).mockImplementation(
      fakeCall({ start_mastodon_sign_in: () => pages, wait_mastodon_sign_in: () => stopped.promise, cancel_mastodon_sign_in: cancel }),
    );
    await fireEvent.submit(screen.getByTestId("mastodon-sign-in"));
    await fireEvent.click(await screen.findByTestId("mastodon-sign-in-cancel"));
    expect(cancel).toHaveBeenCalled();
    stopped.reject(new BackendError("cancelled", "cancelled; nothing was written"));
    await vi.waitFor(() => expect(screen.queryByTestId("mastodon-waiting")).not.toBeInTheDocument());
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("connects a Mastodon account with a token and lists it", async () => {
    const add = vi.fn(() => account);
    vi.mocked(call).mockImplementation(fakeCall({ list_accounts: () => [], add_mastodon_account: add }));
    render(AccountsSettings);
    expect(await screen.findByTestId("accounts-none")).toBeInTheDocument();
    await fireEvent.input(document.getElementById("mastodon-server")!, { target: { value: "https://mastodon.uno" } });
    await fireEvent.input(document.getElementById("mastodon-token")!, { target: { value: "secret-token" } });
    await fireEvent.submit(screen.getByTestId("mastodon-token-form"));
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
    await fireEvent.submit(await screen.findByTestId("mastodon-token-form"));
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
