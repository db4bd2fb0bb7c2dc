#!/usr/bin/env bash
# Checks everything under deploy/ that can be checked without a cloud or a container
# engine: the AWS template with cfn-lint and checkov; the Kubernetes manifests against the
# API schemas (kubernetes-validate), and they, the compose file, the template and
# local-cluster.sh against each other and the binary's settings (check_manifests.py);
# `docker compose config` as well when a Docker engine answers. The linters come from PyPI, pinned, into a virtualenv kept outside the
# clone so that repeated runs install nothing.
set -euo pipefail
cd "$(dirname "$0")"

CFN_LINT_VERSION=1.58.0
CHECKOV_VERSION=3.3.30
KUBERNETES_VALIDATE_VERSION=1.37.0
venv="${DEPLOY_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/loyalty-maximizer/deploy-venv}"
pins="cfn-lint==$CFN_LINT_VERSION checkov==$CHECKOV_VERSION kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
if [ "$(cat "$venv/pins" 2>/dev/null)" != "$pins" ]; then
  python3 -m venv "$venv"
  # shellcheck disable=SC2086 # the pins are separate words on purpose
  "$venv/bin/pip" install --quiet --disable-pip-version-check $pins
  echo "$pins" >"$venv/pins"
fi

echo "cfn-lint $CFN_LINT_VERSION: aws/*.yaml"
"$venv/bin/cfn-lint" aws/*.yaml

echo "checkov $CHECKOV_VERSION: aws/"
# --skip-download: no calls to the vendor's platform (this machine has no internet).
"$venv/bin/checkov" -d aws --framework cloudformation secrets --skip-download --compact --quiet

echo "compose.yaml, k8s/ (kubernetes-validate $KUBERNETES_VALIDATE_VERSION) and environment names"
"$venv/bin/python" check_manifests.py

if docker info >/dev/null 2>&1; then
  echo "docker compose config"
  docker compose -f compose.yaml config --quiet
else
  echo "docker compose config: skipped (no Docker engine here)"
fi
