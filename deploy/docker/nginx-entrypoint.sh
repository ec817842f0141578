#!/bin/sh
# The edge container's entry: renders deploy/nginx's configuration for this run into
# /tmp/nginx (the root filesystem may be read-only) and runs nginx in the foreground.
#   PUBLIC_URL        the address readers use, as the replicas have it (public-url.conf)
#   PAINEL_UPSTREAMS  the replicas, host:port separated by spaces (upstream.conf's servers)
#   PORT              where nginx listens (8080)
set -eu

: "${PUBLIC_URL:=http://localhost:8080}"
: "${PAINEL_UPSTREAMS:=web:3000}"
: "${PORT:=8080}"
fail() {
  echo "painel-nginx: $*" >&2
  exit 64
}
case "$PUBLIC_URL" in
  http://* | https://*) ;;
  *) fail "PUBLIC_URL must start with http:// or https:// (it is \"$PUBLIC_URL\")" ;;
esac
case "$PUBLIC_URL" in
  *[\"\\\;\$\ ]*) fail "PUBLIC_URL cannot hold quotes, backslashes, semicolons, \$ or spaces" ;;
esac
case "$PORT" in
  '' | *[!0-9]*) fail "PORT must be a number (it is \"$PORT\")" ;;
esac
for upstream in $PAINEL_UPSTREAMS; do
  case "$upstream" in
    *:*[!0-9]* | *[!A-Za-z0-9.:_-]* | *:) fail "PAINEL_UPSTREAMS: \"$upstream\" is not host:port" ;;
    *:*) ;;
    *) fail "PAINEL_UPSTREAMS: \"$upstream\" is not host:port" ;;
  esac
done

conf=/tmp/nginx
mkdir -p "$conf/cache"
cp /etc/painel-nginx/*.conf /etc/nginx/mime.types "$conf/"
public_url=${PUBLIC_URL%/}
sed -i "s|^set \$painel_public_url \".*\";\$|set \$painel_public_url \"$public_url\";|" \
  "$conf/public-url.conf"

# The CSP hashes of the pages' inline scripts (written at image build by `painel script-hashes`).
hashes=$(cat /etc/painel-nginx/script-hashes)
case "$hashes" in
  *[!\'a-zA-Z0-9+/=\ -]*) fail "script-hashes: not a list of 'sha256-…' sources" ;;
esac
if [ -n "$hashes" ]; then
  sed -i "s|script-src 'self';|script-src 'self' $hashes;|" "$conf/security-headers.conf"
  grep -qF "script-src 'self' $hashes;" "$conf/security-headers.conf" ||
    fail "security-headers.conf: no \`script-src 'self';\` to render"
fi

sed -i "s|^  listen 8080;\$|  listen $PORT;|" "$conf/painel.conf"
grep -q "^  listen $PORT;\$" "$conf/painel.conf" || fail "painel.conf: no \`listen 8080;\` line to render"

# One server line per replica, with the parameters of the example's first line.
params=$(sed -n 's/^  server [^ ]* \(.*\);$/\1/p' /etc/painel-nginx/upstream.conf | head -n 1)
awk -v servers="$PAINEL_UPSTREAMS" -v params="$params" '
  /^  server / { next }
  { print }
  /^upstream painel \{$/ {
    n = split(servers, list, " ")
    for (i = 1; i <= n; i++) printf "  server %s %s;\n", list[i], params
  }
' /etc/painel-nginx/upstream.conf > "$conf/upstream.conf"

exec nginx -p "$conf" -c "$conf/nginx.conf" \
  -g "daemon off; pid $conf/nginx.pid; error_log stderr warn;"
