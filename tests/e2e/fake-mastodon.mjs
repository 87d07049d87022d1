// A stand-in for a Mastodon server on 127.0.0.1 for the end-to-end tests, answering the endpoints Agora
// uses with the shapes of Mastodon's public API documentation: the account, the instance, media uploads
// (processed on the second look), statuses (honouring `Idempotency-Key`) and mention notifications. It
// records what it received.
import { createServer } from "node:http";

/** Starts the server accepting `token`; resolves to { url, statuses, descriptions, mention, close }. */
export function startFakeMastodon(token) {
  const statuses = [];
  const descriptions = [];
  const mentions = [];
  const byKey = new Map();
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
      if (request.method === "POST" && path === "/api/v1/statuses") {
        const key = request.headers["idempotency-key"];
        if (key && byKey.has(key)) return reply(200, byKey.get(key));
        const sent = JSON.parse(body.toString("utf8"));
        const id = `1100${statuses.length + 1}`;
        const status = {
          id,
          uri: `https://mastodon.example/users/salaborsa/statuses/${id}`,
          url: `https://mastodon.example/@salaborsa/${id}`,
          content: sent.status,
        };
        statuses.push({ text: sent.status, media_ids: sent.media_ids ?? [], key });
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
        descriptions,
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
