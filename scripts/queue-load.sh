#!/usr/bin/env bash
# Measures the clerks' queue at scale on SQLite: seeds N synthetic petitions into a scratch database (once; the
# file is kept for later runs) and prints p50/p95 of first pages, filtered pages and counts next to baselines
# measured in the same run (SELECT 1, a primary-key lookup), with ratios.
# Usage: scripts/queue-load.sh            (1,000,000 petitions in /tmp/queue-bench/petition-1m.db)
#        QUEUE_PETITIONS=200000 QUEUE_DB=/tmp/q200k.db QUEUE_ITERATIONS=500 scripts/queue-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
db=${QUEUE_DB:-/tmp/queue-bench/petition-1m.db}
petitions=${QUEUE_PETITIONS:-1000000}
iterations=${QUEUE_ITERATIONS:-300}
dotnet build src/Petition.Cli -c Release --nologo -v q
cli=(dotnet src/Petition.Cli/bin/Release/net10.0/petition.dll)
if [ ! -f "$db" ]; then
  mkdir -p "$(dirname "$db")"
  # Fixed seed and clock: the same data set on every machine; --today below matches --now (KST).
  "${cli[@]}" seed --petitions "$petitions" --database "$db" --random-seed 20261201 --now 2026-12-01T03:00:00Z
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"${cli[@]}" bench queue --database "$db" --today 2026-12-01 --iterations "$iterations"
