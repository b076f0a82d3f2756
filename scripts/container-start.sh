#!/bin/sh
# The container's start command (the Dockerfile's ENTRYPOINT after tini, and railway.json's startCommand): `agent-os serve` in
# hosted mode on the platform's $PORT (else 7317), its home on the /data volume, as the unprivileged user.
# Hosted mode's own checks (token, allowed hosts, proxy) are the server's: a refused combination exits 1
# with one line on stderr, which the platform's deploy log shows.
set -eu

# The image's `agentos` user; numeric, so the drop below needs no passwd entry.
APP_UID=10001
APP_GID=10001
app=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)

if [ "$(id -u)" = 0 ]; then
  # Started as root: Railway mounts volumes owned by root, so a non-root process could not write its home
  # (RAILWAY_RUN_UID=0 starts the container as root for this). Hand the home to the app user, then drop
  # root for good before the engine or any task runs: setuid to a non-root uid clears every capability.
  home="${AGENT_OS_HOME:?AGENT_OS_HOME must name the data folder}"
  mkdir -p "$home"
  find "$home" -xdev \( ! -uid "$APP_UID" -o ! -gid "$APP_GID" \) -exec chown -h "$APP_UID:$APP_GID" {} +
  exec setpriv --reuid="$APP_UID" --regid="$APP_GID" --clear-groups -- "$0" "$@"
fi

# exec: the engine is the process tini signals, so SIGTERM drains runs (recorded as interrupted).
exec node "$app/bin/agent-os.js" serve --host 0.0.0.0 --port "${PORT:-7317}" "$@"
