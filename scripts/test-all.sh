#!/usr/bin/env bash
# Every check Quire has, in the order a failure is cheapest to find:
# types, lint, the Electron build, unit tests, then end-to-end tests in Chromium.
set -euo pipefail
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
cd "$(dirname "$0")/.."

echo "== type-check"
npx tsc -p tsconfig.json --noEmit
echo "== lint (including import boundaries)"
npx eslint .
echo "== electron-vite build"
npx electron-vite build
echo "== unit tests"
npx vitest run --project unit
echo "== end-to-end tests"
# WebRTC needs a network interface: run the browsers in a private network
# namespace when we can make one (root with unshare); plain loopback otherwise.
netns=""
for candidate in "${QUIRE_NETNS_RUN:-}" ../shared/tools/netns-run; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$(id -u)" = 0 ]; then netns="$candidate"; break; fi
done
QUIRE_SKIP_BUILD=1 ${netns:+"$netns"} npx vitest run --project e2e
