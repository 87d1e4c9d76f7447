#!/bin/sh
# Installs the Debian packages the test suite drives for real (never a mock of them):
#   chromium   the admin console's end-to-end tests run in it through Playwright
#   redis-server, postgresql   the scale-out backends' tests start real servers on loopback (tests/servers.py)
# Nothing is downloaded by the tests themselves; Playwright uses this Chromium by its path.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "carelayer: the tests need these Debian packages:$missing (run this script as root)" >&2
        exit 1
    fi
else
    SUDO=""
fi
echo "carelayer: installing Debian packages:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
