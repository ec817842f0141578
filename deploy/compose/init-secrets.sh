#!/bin/sh
# Writes the secrets compose.yaml mounts into ./secrets/, once: random keys and a random
# database password (with the DATABASE_URL that carries it). Existing files are kept, so it is
# safe to run again; delete a file and rerun to rotate it (docs: "Secrets and rotation").
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
hex() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
for name in jwt_secret cookie_secret postgres_password metrics_token; do
  [ -s "secrets/$name" ] || hex > "secrets/$name"
done
# The data sources' credentials key: 32 bytes in base64.
[ -s secrets/data_source_key ] || head -c 32 /dev/urandom | base64 | tr -d '\n' > secrets/data_source_key
[ -s secrets/database_url ] ||
  printf 'postgres://painel:%s@postgres:5432/painel' "$(cat secrets/postgres_password)" > secrets/database_url
# The folder stays private to you; the containers' users (uid 10001 and postgres) read the files.
chmod 0700 secrets
chmod 0644 secrets/*
echo "Secrets are in $(pwd)/secrets"
