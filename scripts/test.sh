#!/usr/bin/env bash
# The one test command (README "Run the tests"; .ci/run calls exactly this).
# Installs what the tests need when it is missing, checks the committed front-end bundle, builds
# warning-free, checks formatting, runs every test project, and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# 1. Browser, fonts and pdftotext for the browser and document tests (Debian's; never `playwright install`).
#    Node.js and npm only rebuild the front-end bundle for the check below; the portal itself needs no Node.
packages="chromium fonts-noto-cjk poppler-utils"
command -v npm >/dev/null 2>&1 || packages="$packages nodejs npm"
if ! command -v chromium >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk poppler-utils >/dev/null 2>&1; then
  echo "Installing $packages (apt-get)..."
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $packages >/dev/null
fi

# 2. Front-end: the committed wwwroot/lib and wwwroot/js/npki.bundle.js must be what the pinned packages build.
(cd src/Petition.Web/ClientApp && npm ci --no-audit --no-fund --loglevel=error && npm run --silent check)

# 3. Build (warnings are errors) and formatting.
dotnet tool restore >/dev/null
dotnet restore Petition.sln --nologo -v q
dotnet build Petition.sln --no-restore --nologo -v q -c Release
dotnet format Petition.sln --no-restore --verify-no-changes -v q

# 4. Tests: one project after another (2 cores), results as TRX, totals summed at the end.
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" --no-build -c Release --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=$?
done

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
