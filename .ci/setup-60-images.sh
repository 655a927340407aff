#!/usr/bin/env bash
# Builds the air-gapped images (JRE and PostgreSQL bases are cached between runs; the services' images
# are rebuilt from the current sources) for the system tests and the compose check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash docker/build-images.sh
