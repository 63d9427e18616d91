# Sourced by the setup scripts: installs one Debian package with apt-get, or
# exits saying why it cannot. Nothing comes from anywhere but Debian's
# package archive. Usage: apt_install <script name> <package> [note]
apt_install() {
  local script=$1 package=$2 note=${3:-}
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$script: apt-get is not available, so $package cannot be installed here" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "$script: installing $package needs root (run: sudo apt-get install -y $package)" >&2
    exit 1
  fi
  echo "$script: installing $package with apt-get${note:+ ($note)}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { echo "$script: apt-get update failed" >&2; exit 1; }
  apt-get install -y -qq "$package" >/dev/null || { echo "$script: apt-get install $package failed" >&2; exit 1; }
}
