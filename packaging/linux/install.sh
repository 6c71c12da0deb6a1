#!/usr/bin/env bash
# Install the built bundle for the current user: ~/.local/opt, a launcher on
# PATH, the desktop entry and the icons.  Usage: bash packaging/linux/install.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$dest/applications"
rm -rf "$HOME/.local/opt/luzsong-grid"
cp -r "$root/dist/luzsong-grid" "$HOME/.local/opt/luzsong-grid"
ln -sf "$HOME/.local/opt/luzsong-grid/luzsong-grid" "$HOME/.local/bin/luzsong-grid"
cp "$here/luzsong-grid.desktop" "$dest/applications/"
for size in 16 32 48 64 128 256; do
  mkdir -p "$dest/icons/hicolor/${size}x${size}/apps"
  cp "$here/luzsong-grid-$size.png" "$dest/icons/hicolor/${size}x${size}/apps/luzsong-grid.png"
done
echo "installed: $HOME/.local/bin/luzsong-grid"
