#!/usr/bin/env bash
# Side by side on this machine: Mandate.Providers driving hashicorp/aws directly vs. `terraform apply/destroy`
# with the same provider binary and the same dynalite (started with instant table state changes).
# `terraform init` is excluded from the timings. Prints one markdown table.
#
# Needs: dotnet, node with tests/node_modules (cd tests && npm ci), terraform on PATH (the CLI rows are skipped
# without it), the provider in a filesystem mirror (MANDATE_TEST_PLUGIN_DIR, default /opt/tf-plugins).
# Usage: bench/providers-vs-terraform.sh [runs]   (default 3)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
mirror="${MANDATE_TEST_PLUGIN_DIR:-/opt/tf-plugins}"
work="$(mktemp -d)"
dynalite_pid=""
cleanup() {
  [[ -n "$dynalite_pid" ]] && kill "$dynalite_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
node "$repo/tests/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$port" \
  --createTableMs 0 --deleteTableMs 0 --updateTableMs 0 >"$work/dynalite.log" 2>&1 &
dynalite_pid=$!
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
endpoint="http://127.0.0.1:$port"

echo "| operation | time |"
echo "|---|---|"
dotnet run -c Release --project "$repo/bench/Mandate.Providers.Benchmarks" -- compare --dynamodb "$endpoint" --runs "$runs" \
  | sed 's/^| /| Mandate: /'

if ! command -v terraform >/dev/null; then
  echo "| terraform: not installed, CLI rows skipped | |"
  exit 0
fi

# The same provider from the same mirror, nothing downloaded.
cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
TFRC
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

write_config() { # $1 = directory, $2 = table count
  mkdir -p "$1"
  cat >"$1/main.tf" <<TF
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "bench"
  secret_key                  = "bench"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = "true"
  endpoints {
    dynamodb = "$endpoint"
  }
}
resource "aws_dynamodb_table" "t" {
  count        = $2
  name         = "tf-bench-\${count.index}-$RANDOM"
  hash_key     = "id"
  billing_mode = "PAY_PER_REQUEST"
  attribute {
    name = "id"
    type = "S"
  }
  tags = { env = "bench" }
}
TF
  (cd "$1" && terraform init -input=false -no-color >/dev/null)
}

seconds() { # runs "$@" and prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

one="$work/one"; ten="$work/ten"
write_config "$one" 1
write_config "$ten" 10
apply1=(); destroy1=(); apply10=(); schema=()
for _ in $(seq 1 "$runs"); do
  apply1+=("$(seconds terraform -chdir="$one" apply -auto-approve -input=false -no-color)")
  destroy1+=("$(seconds terraform -chdir="$one" destroy -auto-approve -input=false -no-color)")
  apply10+=("$(seconds terraform -chdir="$ten" apply -auto-approve -input=false -no-color)")
  terraform -chdir="$ten" destroy -auto-approve -input=false -no-color >/dev/null
  schema+=("$(seconds terraform -chdir="$one" providers schema -json)")
done
printf '| terraform: providers schema -json | %.2f s |\n' "$(printf '%s\n' "${schema[@]}" | median)"
printf '| terraform: apply, create 1 table | %.2f s |\n' "$(printf '%s\n' "${apply1[@]}" | median)"
printf '| terraform: destroy 1 table | %.2f s |\n' "$(printf '%s\n' "${destroy1[@]}" | median)"
printf '| terraform: apply, create 10 tables | %.2f s |\n' "$(printf '%s\n' "${apply10[@]}" | median)"
