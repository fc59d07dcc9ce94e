#!/usr/bin/env bash
# Install the Debian packages the app and its tests need, when missing (as root; otherwise just report).
set -euo pipefail
needed=(
  libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0  # Qt's offscreen platform
  fonts-dejavu-core                                                      # a font to render text with
  postgresql                                                             # the integration suite starts a throwaway cluster
  poppler-utils                                                          # pdftotext/pdffonts check the PDFs
  xvfb dbus-x11 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1     # a real X window (xcb):
  libxkbcommon-x11-0 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0    #   the screen-reader check
  at-spi2-core python3-pyatspi                                           # the accessibility bus and its reader
)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages (install them as root): ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
