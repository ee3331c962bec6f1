#!/usr/bin/env bash
# What `npm start` and `npm test` need from the machine, checked before anything else runs, so that
# a missing part is one line naming it and the command that installs it, not a failure deep inside
# a test (issue 15).
#
#   scripts/prerequisites.sh start|test [--install]
#
# `start` needs Node 22 (npm ci installs it for linux-x64, see package.json's
# optionalDependencies) and Java (DynamoDB Local). `test` also needs Chromium's headless shell,
# CJK fonts and pdftotext for the browser tests, and python3 for the XLSX test. With --install (CI, as root,
# before `npm ci`), missing Debian packages are installed with apt and Node is not checked: it
# comes with `npm ci`, and `npm test` checks it then.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-}
if [[ $what != start && $what != test ]]; then
  echo "usage: scripts/prerequisites.sh start|test [--install]" >&2
  exit 2
fi
install=false
[[ ${2:-} == --install ]] && install=true

names=()
packages=()
need() {
  names+=("$1")
  packages+=("$2")
}

command -v java >/dev/null 2>&1 || need "Java (DynamoDB Local runs on it)" openjdk-17-jre-headless
if [[ $what == test ]]; then
  [[ -x /usr/bin/chromium-headless-shell ]] ||
    need "Chromium's headless shell at /usr/bin/chromium-headless-shell (browser tests)" \
      chromium-headless-shell
  # fc-list (package fontconfig) may be absent where the fonts are installed: Debian's record then.
  fc-list :lang=zh family 2>/dev/null | grep -q . ||
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 ||
    need "CJK fonts (pages are Chinese; screenshots and printed forms)" fonts-noto-cjk
  command -v pdftotext >/dev/null 2>&1 || need "pdftotext (reads printed forms back)" poppler-utils
  command -v python3 >/dev/null 2>&1 || need "python3 (reads the XLSX exports back)" python3
fi

if ((${#packages[@]})) && $install; then
  echo "Installing: ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${packages[@]}" >/dev/null
  names=()
  packages=()
fi

node_version=$(node --version 2>/dev/null || echo none)
# Type stripping, on by default from Node 22.18: the runtime and the scripts are .ts files run as
# they are (docs/decisions.md, Toolchain).
if ! $install && ! node -e 'process.exit(process.features.typescript ? 0 : 1)' 2>/dev/null; then
  # npm puts node_modules/.bin first on PATH: on linux-x64 `npm ci` links Node 22 there.
  names+=("Node 22.18 or later (found ${node_version}; run \`npm ci\`, which installs it on linux-x64, or install Node 22 LTS)")
fi

if ((${#names[@]})); then
  for i in "${!names[@]}"; do
    if [[ -n ${packages[$i]:-} ]]; then
      echo "Missing: ${names[$i]}. Install: sudo apt-get install ${packages[$i]}" >&2
    else
      echo "Missing: ${names[$i]}." >&2
    fi
  done
  exit 1
fi

echo "prerequisites: node ${node_version}, $(java -version 2>&1 | head -n 1)"
