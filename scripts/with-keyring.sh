#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so tests use the
# real OS keychain (Secret Service) without touching the user's own. Used by `npm test`.
# If gnome-keyring is not installed, the command runs as is and keychain tests report why.
#
# The bus starts the keyring on demand through scripts/keyring-daemon.sh (its own service files
# come before the system's), so a keyring daemon that dies mid-run is started again, unlocked,
# over the same private keyring directory.
set -euo pipefail
if [ "${SIA_IN_KEYRING_SESSION:-}" = "1" ]; then
  exec "$@"
fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "note: dbus-run-session or gnome-keyring-daemon missing; keychain tests will say so" >&2
  exec "$@"
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
session="$(mktemp -d)"
trap 'rm -rf "$session"' EXIT
mkdir -p "$session/services" "$session/data"
for name in org.freedesktop.secrets org.gnome.keyring; do
  printf '[D-BUS Service]\nName=%s\nExec=%s\n' "$name" "$here/keyring-daemon.sh" \
    >"$session/services/$name.service"
done
cat >"$session/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$session/services</servicedir>
  <standard_session_servicedirs />
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
export SIA_IN_KEYRING_SESSION=1
# A private keyring directory, not the user's; set before the bus starts so that every keyring
# daemon it starts uses it.
export XDG_DATA_HOME="$session/data"
status=0
dbus-run-session --config-file="$session/session.conf" -- "$@" || status=$?
exit "$status"
