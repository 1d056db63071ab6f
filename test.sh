#!/usr/bin/env bash
# Runs Mandate's whole test suite on a fresh machine: installs what the tests need when it is missing
# (the tests' npm packages, PostgreSQL's server programs), then runs every test project.
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Rego).
set -euo pipefail
cd "$(dirname "$0")"

say() { printf 'test.sh: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; return 1; fi
}

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "missing $*, and this is not a Debian-like system: install it with your package manager"; return 1
  fi
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# .NET SDK: the one thing we cannot install from the package registries here.
if ! command -v dotnet >/dev/null; then
  say "the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH"; exit 1
fi

# Node.js runs the S3 and DynamoDB test servers (s3rver, dynalite).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Node.js and npm (Debian packages)"; apt_install nodejs npm
fi

# The tests' npm packages, pinned by tests/package-lock.json; reinstalled only when the lock changes.
lock_hash=$(sha256sum tests/package-lock.json | cut -d' ' -f1)
stamp=tests/node_modules/.mandate-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  say "installing the tests' npm packages (npm ci in tests/)"
  npm ci --prefix tests --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$stamp"
fi

# PostgreSQL server programs for the storage tests (a throw-away cluster per test run).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null \
   && [ -z "${MANDATE_TEST_PG_BIN:-}" ]; then
  say "installing PostgreSQL (Debian package postgresql)"; apt_install postgresql
fi

log=$(mktemp)
started=$(mktemp)
trap 'rm -f "$log" "$started"' EXIT
set +e
dotnet test Mandate.slnx --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# OPA conformance (the runner writes a per-folder summary beside its test assembly): the folders with
# failures, then the total. Only a summary written by this run counts.
for summary in tests/Mandate.Rego.Tests/bin/*/*/conformance-summary.txt; do
  if [ -f "$summary" ] && [ "$summary" -nt "$started" ]; then
    awk '{ split($2, n, "/"); if (n[1] != n[2] || $1 == "all") printf "OPA conformance %s: %s cases pass\n", $1, $2 }' "$summary"
  fi
done

# One closing line over every test project: "N passed, N failed, N skipped".
# (The console logger ends each test project with "Total tests: N" and indented Passed/Failed/Skipped counts.)
awk '
  /^ *Passed: +[0-9]+ *$/  { p += $2 }
  /^ *Failed: +[0-9]+ *$/  { f += $2 }
  /^ *Skipped: +[0-9]+ *$/ { s += $2 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
