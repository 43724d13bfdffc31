#!/usr/bin/env bash
# Sourced by scripts/test.sh: makes sure the servers the tests use run on loopback —
# PostgreSQL (Debian's `postgresql`) and NATS with JetStream (Debian's `nats-server`) —
# installing and starting them when they are not, and exports where they are:
#   WHOSAID_TEST_POSTGRES  a server address on which the tests create and drop databases
#   WHOSAID_TEST_NATS      a NATS server with JetStream
# Either variable set beforehand is used as it is. A server that cannot be had is an
# error: the tests do not silently skip half of themselves in CI.

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
# stops what this script started; a script with its own EXIT trap calls it there
services_stop() { :; }

apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres bash -c "$1"; fi
}

if [ -z "${WHOSAID_TEST_POSTGRES:-}" ]; then
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "installing postgresql (Debian package) for the PostgreSQL store tests" >&2
    apt_install postgresql
  fi
  cluster=$(pg_lsclusters --no-header | head -n1)
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -n1)
    $SUDO pg_createcluster "$version" main >/dev/null
    cluster=$(pg_lsclusters --no-header | head -n1)
  fi
  read -r version name port status _ <<<"$cluster"
  if [ "$status" != "online" ]; then
    $SUDO pg_ctlcluster "$version" "$name" start
  fi
  # a role of our own that may create the tests' databases
  as_postgres "psql -qp $port -c \"DO \\\$\\\$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'whosaid') THEN
        CREATE ROLE whosaid LOGIN CREATEDB PASSWORD 'whosaid';
      END IF; END \\\$\\\$;\"" >/dev/null
  export WHOSAID_TEST_POSTGRES="postgres://whosaid:whosaid@localhost:$port/postgres"
fi
echo "PostgreSQL for the tests: ${WHOSAID_TEST_POSTGRES//:whosaid@/:***@}" >&2

if [ -z "${WHOSAID_TEST_NATS:-}" ]; then
  if ! command -v nats-server >/dev/null 2>&1; then
    echo "installing nats-server (Debian package) for the work-queue tests" >&2
    apt_install nats-server
  fi
  nats_dir=$(mktemp -d /tmp/whosaid-nats.XXXXXX)
  nats_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  nats-server -js -a 127.0.0.1 -p "$nats_port" -sd "$nats_dir" >"$nats_dir/log" 2>&1 &
  nats_pid=$!
  # stopped, and its store removed, when the test script ends
  services_stop() { kill "$nats_pid" 2>/dev/null; rm -rf "$nats_dir"; }
  trap services_stop EXIT
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$nats_port") 2>/dev/null && break
    sleep 0.1
  done
  export WHOSAID_TEST_NATS="nats://127.0.0.1:$nats_port"
fi
echo "NATS JetStream for the tests: $WHOSAID_TEST_NATS" >&2
