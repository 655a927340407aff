#!/usr/bin/env bash
# registry-service: installs the npm "consul" client that NodeConsulClientTest drives against the registry.
# Idempotent; needs node and npm (installed from Debian if absent) and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's nodejs comes without npm; NodeSource's includes it (and conflicts with Debian's npm package).
if ! command -v node >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends nodejs >/dev/null
fi
if ! command -v npm >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
echo "node $(node --version), npm $(npm --version)"

cd registry-service/src/test/node
npm ci --no-audit --no-fund --loglevel=error   # exact versions from package-lock.json; replaces node_modules
node -e 'require("consul"); console.log("npm consul client", require("consul/package.json").version, "ready")'
