#!/usr/bin/env bash
# Set up graphkit on a fresh Debian machine: system packages (when root), a
# virtual environment in .venv and the package with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
want=""
for pkg in chromium chromium-driver fonts-wqy-microhei raptor2-utils \
    libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-chi-sim \
    virtuoso-opensource; do
  dpkg -s "$pkg" >/dev/null 2>&1 || want="$want $pkg"
done
if [ -n "$want" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $want >/dev/null
  else
    echo "setup: missing Debian packages:$want (browser and export tests will be skipped)" >&2
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip "setuptools>=68" wheel >/dev/null
.venv/bin/python -m pip install -q -e '.[test,all]'
