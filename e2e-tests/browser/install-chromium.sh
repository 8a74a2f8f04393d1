#!/usr/bin/env bash
# Debian's Chromium, its driver and a Chinese font for the browser test (SearchPageBrowserIT), which runs this before
# it starts the browser. Nothing to do when they are there; as root (CI's fresh machine) it installs them with apt-get;
# otherwise it says what to install and fails. Selenium never downloads a browser or driver itself: the test names
# these binaries.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver
# without a CJK font the page's Chinese renders as empty boxes in the screenshots
FONT_PACKAGE=fonts-wqy-microhei
PACKAGES="chromium chromium-driver $FONT_PACKAGE"

has_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]
}

if [ -x "$CHROMIUM" ] && [ -x "$DRIVER" ] && has_cjk_font; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if [ -x "$CHROMIUM" ] && [ -x "$DRIVER" ]; then
    echo "No Chinese font: the screenshots will show boxes (apt-get install $FONT_PACKAGE)" >&2
    exit 0
  fi
  echo "The browser test needs $CHROMIUM and $DRIVER, and this is not root:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y $PACKAGES" >&2
  exit 1
fi

echo "Installing $PACKAGES for the browser test"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $PACKAGES

for binary in "$CHROMIUM" "$DRIVER"; do
  if [ ! -x "$binary" ]; then
    echo "$binary is still missing after installing $PACKAGES" >&2
    exit 1
  fi
done
"$CHROMIUM" --version
"$DRIVER" --version
