#!/usr/bin/env bash
# The one test command (README "Run the tests"; .ci/run calls exactly this).
# Installs what the tests need when it is missing, builds warning-free, checks formatting,
# runs every test project, and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# 1. Browser and fonts for the Playwright tests (Debian's Chromium; never `playwright install`).
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk poppler-utils >/dev/null 2>&1; then
  echo "Installing Chromium and CJK fonts (apt-get)..."
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
fi

# 2. Build (warnings are errors) and formatting.
dotnet restore Petition.sln --nologo -v q
dotnet build Petition.sln --no-restore --nologo -v q -c Release
dotnet format Petition.sln --no-restore --verify-no-changes -v q

# 3. Tests: every test project, results as TRX, totals summed at the end.
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
dotnet test Petition.sln --no-build -c Release --nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" || status=$?

passed=0; failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then exit 1; fi
