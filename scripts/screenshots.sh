#!/usr/bin/env bash
# The README's screenshots: folio in a real terminal emulator (xterm, a fixed font and size)
# under a virtual display (Xvfb), driven through tmux, each screen saved as a PNG in docs/.
# Rerun by hand when the look changes (CI does not run it): scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bbc=$repo/../shared/corpora/bbc
wiki=$repo/../shared/corpora/wikipedia-7lang

missing=()
for tool in Xvfb xterm import convert tmux; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "installing what is missing (${missing[*]}): xvfb, xterm, imagemagick, tmux and fonts"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    xvfb xterm imagemagick tmux fonts-dejavu-core fonts-noto-core fonts-noto-cjk >/dev/null
fi
for corpus in "$bbc" "$wiki"; do
  [ -d "$corpus" ] || { echo "missing corpus: $corpus" >&2; exit 2; }
done

cargo build --release --quiet
bin=$repo/target/release

# A private HOME: no state, config or cache of yours is read or written.
home=$(mktemp -d)
display=:77
socket=folio-shots
cleanup() {
  tmux -L "$socket" kill-server 2>/dev/null || true
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1

# shot NAME COLUMNS ROWS FOLDER ARGS KEYS...: folio on FOLDER in a COLUMNSxROWS terminal, the
# keys sent one step at a time (tmux send-keys words), the screen saved as docs/NAME.png.
shot() {
  local name=$1 columns=$2 rows=$3 folder=$4 args=$5
  # Each screen remembers only its own reading (no query left over from another).
  local state=$name
  shift 5
  tmux -L "$socket" -f /dev/null new-session -d -s shot -x "$columns" -y "$rows" \
    "cd '$folder' && env -i PATH=$bin:/usr/bin:/bin HOME=$home TERM=tmux-256color LANG=C.UTF-8 \
     XDG_STATE_HOME=$home/state-$state XDG_CACHE_HOME=$home/cache XDG_CONFIG_HOME=$home/config folio $args"
  tmux -L "$socket" set-option -g status off
  tmux -L "$socket" set-option -g escape-time 0
  DISPLAY=$display xterm -geometry "${columns}x${rows}+0+0" -fa "DejaVu Sans Mono" -fs 11 \
    -fd "Noto Sans Mono CJK JP" -bg "#1d1f21" -fg "#d8d8d8" -b 0 -bw 0 -e tmux -L "$socket" attach -t shot &
  local term=$!
  sleep 1.5
  for step in "$@"; do
    # A step is tmux send-keys words; "sleep N" waits (an index being built, a file read).
    if [[ $step == sleep* ]]; then sleep "${step#sleep }"; else tmux -L "$socket" send-keys -t shot $step; sleep 0.4; fi
  done
  sleep 0.8
  DISPLAY=$display import -window root "$home/raw.png"
  # Only the terminal: the root window around it is black, the terminal's background is not.
  convert "$home/raw.png" -trim +repage "docs/$name.png"
  echo "docs/$name.png"
  kill "$term" 2>/dev/null || true
  tmux -L "$socket" kill-server 2>/dev/null || true
  sleep 0.3
}

# Some reading done first, so the list has marks to show: three articles read a little, one
# to its end, one starred.
shot marks 120 32 "$bbc" "." \
  "o i l Space p r i c e s" Enter "Space" q Down Enter q Down Enter Space Space Space q \
  Down Enter s q C-u C-s PageUp "sleep 1"

shot list 120 32 "$bbc" "." "b l a i r Space e l e c t"
shot reader 120 32 "$bbc" "." "b l a i r" Enter "/" "b l a i r" Enter
shot text-search 120 32 "$bbc" "." C-t "sleep 4" '"' "o i l Space p r i c e s" '"' "sleep 1"
shot help 120 32 "$bbc" "." F1
shot stacked-80x24 80 24 "$bbc" "." "g a d g e t" Enter Space
shot scripts 120 32 "$wiki" "ja" Down Down
