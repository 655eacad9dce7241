#!/usr/bin/env bash
# What the test suite needs from outside npm, made ready: Debian's Chromium for
# the browser tests, and a PostgreSQL server for the store suite (which runs on
# PGlite and on PostgreSQL, and fails rather than skips when either is missing).
# Installs with apt-get when run as root (or with sudo); otherwise says what to do.
set -euo pipefail

PG_URL=${TEST_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}}

say() { printf 'test prerequisites: %s\n' "$*" >&2; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}
apt_updated=
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq || return 1; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Chromium: Debian's build, never one downloaded by a test tool.
if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser tests"
  apt_install chromium || { say "the browser tests need /usr/bin/chromium: run 'apt-get install chromium' as root"; exit 1; }
fi

# PostgreSQL: only a server on this machine is ours to install or start.
host=$(printf '%s' "$PG_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^:/?]+).*#\2#')
port=$(printf '%s' "$PG_URL" | sed -nE 's#^[a-z]+://([^@/]*@)?[^:/?]+:([0-9]+).*#\2#p')
port=${port:-5432}
reachable() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if ! reachable; then
  case "$host" in
    127.0.0.1|localhost|::1) ;;
    *) say "PostgreSQL at $host:$port does not answer; start it, or set TEST_DATABASE_URL"; exit 1 ;;
  esac
  installed_now=
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    say "installing PostgreSQL for the store tests"
    apt_install postgresql || { say "the store tests need PostgreSQL: run 'apt-get install postgresql' as root"; exit 1; }
    installed_now=1
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if [ -n "$installed_now" ]; then
    # A new cluster asks for a password over TCP; the test database, reached
    # from this machine only, trusts the postgres role instead.
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    as_root sed -i '1i host test postgres 127.0.0.1/32 trust\nhost test postgres ::1/128 trust' "$hba"
  fi
  say "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do reachable && break; sleep 1; done
  reachable || { say "PostgreSQL did not start on $host:$port"; exit 1; }
  if [ -n "$installed_now" ]; then
    as_root su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname = 'test'\" | grep -q 1 || createdb test"
  fi
fi
