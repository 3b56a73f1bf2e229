#!/usr/bin/env bash
# Runs a command inside a throw-away test environment: a private D-Bus session with an
# unlocked gnome-keyring (a real Secret Service) and an Xvfb display. Nothing touches the
# user's own keyring or screen.
set -euo pipefail

if [ -z "${WHATS_TIP_IN_TEST_ENV:-}" ]; then
  export WHATS_TIP_IN_TEST_ENV=1
  exec dbus-run-session -- "$0" "$@"
fi

scratch=$(mktemp -d /tmp/whats-tip-testenv.XXXXXX)
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
export XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# Animations off, as a user who prefers reduced motion has them: WebKitGTK then reports
# prefers-reduced-motion and the app opens drawers and dialogs at once. Under Xvfb a slide
# is driven by requestAnimationFrame, which WebKit may hold back for seconds: a click on a
# drawer still off-screen made the window tests flaky (`contacts.test.mjs`, its Edit button).
mkdir -p "$XDG_CONFIG_HOME/gtk-3.0"
printf '[Settings]\ngtk-enable-animations=false\n' > "$XDG_CONFIG_HOME/gtk-3.0/settings.ini"

xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  pkill -u "$(id -u)" -f "gnome-keyring-daemon.*$scratch" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# A non-empty password creates and unlocks the "login" collection the Secret Service needs.
eval "$(printf 'whats-tip-test' | gnome-keyring-daemon --unlock --components=secrets --control-directory="$scratch/keyring" 2>/dev/null || true)"
export GNOME_KEYRING_CONTROL="${GNOME_KEYRING_CONTROL:-$scratch/keyring}"

# The first free display number.
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do
  display=$((display + 1))
done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do
  [ -e "/tmp/.X11-unix/X$display" ] && break
  sleep 0.1
done
export DISPLAY=":$display"

"$@"
