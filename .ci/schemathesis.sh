#!/usr/bin/env bash
# CI stage: schemathesis over the whole API (every operation, --checks all) against a server it
# starts on a loopback port, with a scratch database and an administrator's token. Fails on any
# server error or schema violation. API_FUZZ_MAX_EXAMPLES / API_FUZZ_TIME_LIMIT bound the run.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
.venv/bin/python -m labourdesk.core.testing.api_fuzz \
  --port "${API_FUZZ_PORT:-18765}" \
  --max-examples "${API_FUZZ_MAX_EXAMPLES:-10}" \
  --time-limit "${API_FUZZ_TIME_LIMIT:-1800}"
echo "schemathesis stage: $(( $(date +%s) - start )) s"
