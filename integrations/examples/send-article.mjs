// Sends one article (a JSON file) to Loa's webhook, signed (scheme v2); Node 18+ built-ins only.
//   LOA_URL=https://radio.example.vn/loa LOA_WEBHOOK_SECRET=... node send-article.mjs bai-mau.json
// Prints Loa's HTTP status and answer; exits 0 on 200/202, 1 otherwise.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

function signedHeaders(secret, method, target, body) {
  const ts = String(Math.floor(Date.now() / 1000));
  const delivery = randomUUID(); // a new delivery id for every request, retries too
  const mac = createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(Buffer.concat([Buffer.from(["loa-v2", method, target, ts, delivery, ""].join("\n"), "utf8"), body]))
    .digest("hex");
  return { "X-Loa-Timestamp": ts, "X-Loa-Delivery": delivery, "X-Loa-Signature": "v2=" + mac };
}

const path = process.argv[2];
const secret = process.env.LOA_WEBHOOK_SECRET || "";
if (!path) { console.error("usage: node send-article.mjs ARTICLE.json"); process.exit(2); }
if (!secret) { console.error("set LOA_WEBHOOK_SECRET to the secret shared with Loa"); process.exit(2); }
const base = (process.env.LOA_URL || "http://127.0.0.1:8000").replace(/\/+$/, "");
const target = "/api/articles"; // what is signed: the path from /api/ on, without a proxy's prefix
const body = readFileSync(path); // sign and send these exact bytes

const response = await fetch(base + target, {
  method: "POST",
  body,
  headers: { "Content-Type": "application/json", ...signedHeaders(secret, "POST", target, body) },
  redirect: "manual",
});
console.log(`HTTP ${response.status}`);
console.log(await response.text());
process.exit(response.status === 200 || response.status === 202 ? 0 : 1);
