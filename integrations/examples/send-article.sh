#!/usr/bin/env bash
# Sends one article (a JSON file) to Loa's webhook, signed (scheme v2) with curl and openssl.
#   LOA_URL=https://radio.example.vn/loa LOA_WEBHOOK_SECRET=... ./send-article.sh bai-mau.json
# Prints Loa's HTTP status and answer; exits 0 on 200/202, 1 otherwise.
set -euo pipefail
file=${1:?usage: send-article.sh ARTICLE.json}
: "${LOA_WEBHOOK_SECRET:?set LOA_WEBHOOK_SECRET to the secret shared with Loa}"
base=${LOA_URL:-http://127.0.0.1:8000}
target=/api/articles                        # what is signed: the path from /api/ on, without a proxy's prefix
ts=$(date +%s)
id=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || openssl rand -hex 16)   # a new delivery id every time
sig=$( { printf 'loa-v2\nPOST\n%s\n%s\n%s\n' "$target" "$ts" "$id"; cat "$file"; } \
       | openssl dgst -sha256 -hmac "$LOA_WEBHOOK_SECRET" -r | cut -d' ' -f1 )
answer=$(mktemp); trap 'rm -f "$answer"' EXIT
status=$(curl -sS -o "$answer" -w '%{http_code}' -X POST "${base%/}$target" --data-binary "@$file" \
         -H 'Content-Type: application/json' -H "X-Loa-Timestamp: $ts" \
         -H "X-Loa-Delivery: $id" -H "X-Loa-Signature: v2=$sig")
echo "HTTP $status"; cat "$answer"; echo
[ "$status" = 200 ] || [ "$status" = 202 ]
