#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and the bench, on 127.0.0.1 and a socket in
# its own folder, run by an unprivileged user (PostgreSQL refuses to run as root).
#
#   scripts/pg-test-cluster.sh start PORT DIR   # prints the URL of its superuser role
#   scripts/pg-test-cluster.sh stop PORT DIR    # stops it and removes DIR
#
# The URL (postgres://racelens:racelens@127.0.0.1:PORT/postgres) is what RACELENS_TEST_PG_URL
# takes; tests make databases of their own from it. Each helper or job uses its own PORT and
# DIR (racelens's CI: 55432). Needs Debian's postgresql package.
#
# synchronous_commit=off: a commit returns before its WAL reaches the disk (a crash may lose
# the last commits, never make a half one), as SQLite's WAL with synchronous=NORMAL does, so
# that the bench compares the engines on the same terms.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop PORT DIR" >&2
  exit 2
}
(($# == 3)) || usage
action=$1 port=$2 dir=$3
[[ $port =~ ^[0-9]+$ ]] || usage

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
  echo "$0: PostgreSQL's server programs are not installed (apt-get install postgresql)" >&2
  exit 1
fi

# As root, run the server programs as the postgres system user (made by the package), else as
# the caller.
as_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case $action in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if ((EUID == 0)); then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  # The server's user may not enter the caller's folder (root's home on CI).
  cd "$dir"
  printf 'racelens\n' >"$dir/pwfile"
  if ((EUID == 0)); then chown postgres: "$dir/pwfile"; fi
  as_owner "$bindir/initdb" -D "$dir/data" -U racelens --pwfile="$dir/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  rm -f "$dir/pwfile"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c synchronous_commit=off -c max_connections=200" >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  echo "postgres://racelens:racelens@127.0.0.1:$port/postgres"
  ;;
stop)
  cd /
  if [[ -d $dir/data ]]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  usage
  ;;
esac
