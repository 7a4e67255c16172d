#!/usr/bin/env bash
# Adds a migration NAME for both providers (SQLite and SQL Server), keeping each set in its folder.
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh NAME}
dotnet tool restore >/dev/null
project=src/Petition.Infrastructure
dotnet build "$project" --nologo -v q
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$project" \
    --context "${provider}PetitionDbContext" \
    --output-dir "Persistence/Migrations/$provider" \
    --namespace "Petition.Infrastructure.Persistence.Migrations.$provider"
  # EF places the model snapshot by namespace; keep it beside the migrations.
  stray="$project/Petition/Infrastructure/Persistence/Migrations/$provider"
  if [ -d "$stray" ]; then mv "$stray"/*.cs "$project/Persistence/Migrations/$provider/"; fi
  dotnet build "$project" --nologo -v q
done
rm -rf "$project/Petition"
