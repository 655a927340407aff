#!/bin/bash
# First start of the PostgreSQL container: one database per service, owned by the suite's user.
# Runs in the official postgres image and in suite/postgres (docker/postgres), both with $POSTGRES_USER set.
set -euo pipefail
for db in orders inventory; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -q \
       -c "CREATE DATABASE \"$db\" OWNER \"$POSTGRES_USER\""
  echo "created database $db"
done
