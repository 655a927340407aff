#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster and creates the role and database that the inventory-service
# PostgreSQL tests use. Idempotent: safe to run on a machine where all of this already exists.
# The tests read SUITE_POSTGRES_URL / SUITE_POSTGRES_USER / SUITE_POSTGRES_PASSWORD; their defaults
# match the values below.
set -euo pipefail

db_user=${SUITE_POSTGRES_USER:-suite}
db_password=${SUITE_POSTGRES_PASSWORD:-suite}
db_name=${SUITE_POSTGRES_DB:-suite}

if ! command -v pg_lsclusters >/dev/null; then
  echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 1
fi

# Debian creates one cluster per installed major version; take the newest.
read -r version cluster < <(pg_lsclusters --no-header | awk '{print $1, $2}' | sort -V | tail -1)
if [ -z "${version:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  cluster=main
  pg_createcluster "$version" "$cluster"
fi

if ! pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
  pg_ctlcluster "$version" "$cluster" start
fi

for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q"; then break; fi
  sleep 1
done
su postgres -c "pg_isready"

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }

if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = '$db_user'\"")" != "1" ]; then
  psql_admin "-c \"CREATE ROLE $db_user LOGIN PASSWORD '$db_password'\""
else
  psql_admin "-c \"ALTER ROLE $db_user LOGIN PASSWORD '$db_password'\""
fi
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = '$db_name'\"")" != "1" ]; then
  psql_admin "-c \"CREATE DATABASE $db_name OWNER $db_user\""
fi
echo "PostgreSQL $version/$cluster ready: jdbc:postgresql://localhost:5432/$db_name (user $db_user)"
