#!/usr/bin/env bash
# What D-Bus starts when a test asks for the Secret Service inside scripts/with-keyring.sh: a
# gnome-keyring unlocked with the test password, over the session's private keyring directory
# ($XDG_DATA_HOME, set before the bus starts). Started again the same way if it dies — under
# load it has crashed (SIGTRAP in GLib) — so the keychain comes back unlocked with every secret
# kept on disk, instead of a locked default keyring that refuses every call.
printf '%s' "test-keyring-password" | exec gnome-keyring-daemon --unlock --foreground --components=secrets
