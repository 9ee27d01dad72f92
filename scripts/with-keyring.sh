#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so tests use the
# real OS keychain (Secret Service) without touching the user's own. Used by `npm test`.
# If gnome-keyring is not installed, the command runs as is and keychain tests report why.
set -euo pipefail
if [ "${SIA_IN_KEYRING_SESSION:-}" = "1" ]; then
  exec "$@"
fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "note: dbus-run-session or gnome-keyring-daemon missing; keychain tests will say so" >&2
  exec "$@"
fi
export SIA_IN_KEYRING_SESSION=1
exec dbus-run-session -- bash -c '
  export XDG_DATA_HOME="$(mktemp -d)"   # a private keyring directory, not the user'"'"'s
  eval "$(printf "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
  export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
  exec "$@"
' bash "$@"
