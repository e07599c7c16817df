#!/usr/bin/env bash
# Installs everything the build and the tests use, on Debian (as root, or through sudo):
# the one list of packages, which .ci/run uses too. Installs only what is missing.
#
#   libsqlite3-dev, zlib1g-dev, libpq-dev,  the system libraries the build links
#   libcurl4-openssl-dev                    (libcurl: the HTTP client of sources capture/check)
#   sqlite3, git                            the tests run the stock sqlite3 shell and git
#   chromium                                renders the exported page (ExportHTML, PageLayout, SiteProof tests)
#   python3-jsonschema                      checks the JSON outputs against their schemas
#   python3-feedparser, -pyld, -rdflib      read the feed and JSON-LD exports as their consumers do
#   postgresql, postgresql-client           a real server the PostgreSQL tests start themselves
#   time                                    GNU time: the peak memory of a command the tests run
#   binutils                                nm: .ci/run's check that only AnnalsSystem calls the kernel
#   python3-venv + warcio (PyPI)            reads the WARC files back (SourcesTests), in /opt/annals-venv
set -euo pipefail

packages=(libsqlite3-dev zlib1g-dev libpq-dev libcurl4-openssl-dev sqlite3 git chromium python3-jsonschema
  python3-feedparser python3-pyld python3-rdflib python3-venv postgresql postgresql-client time
  binutils)

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# warcio is not in Debian: a venv the tests look for first.
if ! /opt/annals-venv/bin/python -c 'import warcio' 2>/dev/null; then
  { "${sudo[@]}" python3 -m venv /opt/annals-venv && "${sudo[@]}" /opt/annals-venv/bin/pip install -q warcio; } ||
    echo "warcio could not be installed: SourcesTests will skip reading the WARC files back" >&2
fi
