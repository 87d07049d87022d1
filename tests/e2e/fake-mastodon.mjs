// A stand-in for a Mastodon server on 127.0.0.1 for the end-to-end tests, answering the endpoints Agora
// uses with the shapes of Mastodon's public API documentation: the account, the instance, media uploads
// (processed on the second look), statuses (honouring `Idempotency-Key`; scheduled ones held until their
// time; each with counts of replies, boosts and favourites), mention notifications, and signing in with OAuth (an app registered, the officer approving at once: the browser is sent back with a code,
// which is exchanged for the token with its PKCE verifier checked). It records what it received.
import { createHash } from "node:crypto";
import { createServer } from "node:http";

/**
 * Starts the server accepting `token`; resolves to { url, statuses, scheduled, descriptions, mention, react,
 * close }.
 */
export function startFakeMastodon(token) {
  const statuses = [];
  const scheduled = [];
  /** Replies, boosts and favourites by status id. */
  const reactions = new Map();
  const descriptions = [];
  const mentions = [];
  const byKey = new Map();
  /** OAuth codes handed out: code → the S256 challenge it was asked with. */
  const codes = new Map();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const reply = (status, json) => {
        response.writeHead(status, { "Content-Type": "application/json" });
        response.end(JSON.stringify(json));
      };
      const path = request.url ?? "";
      const form = new URLSearchParams(request.method === "POST" ? body.toString("utf8") : path.split("?")[1]);
      if (request.method === "POST" && path === "/api/v1/apps") {
        return reply(200, { id: "1", name: form.get("client_name"), client_id: "e2e-client", client_secret: "e2e-client-secret" });
      }
      if (request.method === "GET" && path.startsWith("/oauth/authorize?")) {
        const code = `e2e-code-${codes.size + 1}`;
        codes.set(code, form.get("code_challenge"));
        const back = new URL(form.get("redirect_uri"));
        back.search = new URLSearchParams({ code, state: form.get("state") }).toString();
        response.writeHead(302, { Location: back.toString() });
        return response.end();
      }
      if (request.method === "POST" && path === "/oauth/token") {
        const challenge = createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url");
        const good = form.get("client_secret") === "e2e-client-secret" && codes.get(form.get("code")) === challenge;
        codes.delete(form.get("code"));
        return good
          ? reply(200, { access_token: token, token_type: "Bearer", scope: "read write", created_at: 1764400000 })
          : reply(400, { error: "invalid_grant" });
      }
      if (path === "/api/v2/instance") {
        return reply(200, {
          domain: "mastodon.example",
          configuration: { statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 } },
        });
      }
      if (request.headers.authorization !== `Bearer ${token}`) {
        return reply(401, { error: "The access token is invalid" });
      }
      if (path === "/api/v1/accounts/verify_credentials") {
        return reply(200, { id: "109348", username: "salaborsa", acct: "salaborsa", display_name: "Biblioteca Sala Borsa" });
      }
      if (request.method === "POST" && path === "/api/v2/media") {
        const text = body.toString("latin1");
        const match = /name="description"\r\n\r\n([\s\S]*?)\r\n--/.exec(text);
        descriptions.push(match ? Buffer.from(match[1], "latin1").toString("utf8") : "");
        return reply(202, { id: `m${descriptions.length}`, type: "image", url: null });
      }
      if (request.method === "GET" && path.startsWith("/api/v1/notifications")) {
        const query = new URL(path, "http://x").searchParams;
        const since = Number(query.get("since_id") ?? 0);
        const max = Number(query.get("max_id") ?? Number.MAX_SAFE_INTEGER);
        const page = [...mentions].reverse().filter((m) => Number(m.id) > since && Number(m.id) < max);
        return reply(200, page.slice(0, Number(query.get("limit") ?? 40)));
      }
      if (request.method === "GET" && path.startsWith("/api/v1/media/")) {
        const id = path.slice("/api/v1/media/".length);
        return reply(200, { id, type: "image", url: `https://files.example/${id}.jpg` });
      }
      if (request.method === "GET" && path.startsWith("/api/v1/statuses/")) {
        const id = path.slice("/api/v1/statuses/".length);
        const index = statuses.findIndex((_, i) => `1100${i + 1}` === id);
        if (index < 0) return reply(404, { error: "Record not found" });
        const [replies, boosts, favourites] = reactions.get(id) ?? [0, 0, 0];
        return reply(200, {
          id,
          uri: `https://mastodon.example/users/salaborsa/statuses/${id}`,
          url: `https://mastodon.example/@salaborsa/${id}`,
          content: `<p>${statuses[index].text}</p>`,
          created_at: new Date().toISOString(),
          replies_count: replies,
          reblogs_count: boosts,
          favourites_count: favourites,
        });
      }
      if (request.method === "POST" && path === "/api/v1/statuses") {
        const key = request.headers["idempotency-key"];
        if (key && byKey.has(key)) return reply(200, byKey.get(key));
        const sent = JSON.parse(body.toString("utf8"));
        if (sent.scheduled_at) {
          const waiting = { id: `s${scheduled.length + 1}`, scheduled_at: sent.scheduled_at, params: { text: sent.status } };
          scheduled.push(waiting);
          if (key) byKey.set(key, waiting);
          return reply(200, waiting);
        }
        const id = `1100${statuses.length + 1}`;
        const status = {
          id,
          uri: `https://mastodon.example/users/salaborsa/statuses/${id}`,
          url: `https://mastodon.example/@salaborsa/${id}`,
          content: sent.status,
        };
        statuses.push({ text: sent.status, media_ids: sent.media_ids ?? [], key, in_reply_to_id: sent.in_reply_to_id ?? null });
        if (key) byKey.set(key, status);
        return reply(200, status);
      }
      return reply(404, { error: "Record not found" });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        statuses,
        scheduled,
        descriptions,
        /** People reply to, boost and favourite status `id`. */
        react(id, replies, boosts, favourites) {
          reactions.set(id, [replies, boosts, favourites]);
        },
        /** Someone mentions the account, in a reply to its first status. */
        mention(acct, name, html) {
          const id = String(1000 + mentions.length);
          mentions.push({
            id,
            type: "mention",
            created_at: new Date().toISOString(),
            account: { id: "77", acct, display_name: name },
            status: { id: `9${id}`, content: html, url: `https://mastodon.example/@${acct}/9${id}`, in_reply_to_id: "11001" },
          });
        },
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
