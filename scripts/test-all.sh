#!/usr/bin/env bash
# Every check Quire has, in the order a failure is cheapest to find:
# types, lint (ESLint, Electronegativity), the Electron build, unit tests, then end-to-end tests in Chromium.
set -euo pipefail
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
cd "$(dirname "$0")/.."

echo "== type-check (everything, then each layer in its own type environment)"
npm run --silent typecheck
echo "== lint (including import boundaries, and Electronegativity on the Electron code)"
npm run --silent lint
echo "== build (electron-vite, then the browser host)"
npm run build
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
echo "== unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json"
echo "== end-to-end tests"
# WebRTC needs a network interface: run the browsers in a private network
# namespace when we can make one (root with unshare); plain loopback otherwise.
netns=""
for candidate in "${QUIRE_NETNS_RUN:-}" scripts/netns-run; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$(id -u)" = 0 ]; then netns="$candidate"; break; fi
done
QUIRE_SKIP_BUILD=1 ${netns:+"$netns"} npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json="$results/e2e.json"

# One closing line over both suites.
node -e '
  const files = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")))
  const sum = (key) => files.reduce((n, r) => n + r[key], 0)
  console.log(`${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`)
' "$results/unit.json" "$results/e2e.json"
