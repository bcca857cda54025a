#!/usr/bin/env bash
# Builds and installs yucun inside a Debian 12 container (Dockerfile,
# yucun.def) or on any Debian 12 machine: the recipe's commands, in one script
# that CI runs as it is (.ci/run), so the recipe cannot rot.
#
#   packaging/container-build.sh PREFIX       # e.g. /usr/local
#
# Installs the build's Debian packages when missing (apt-get; root), configures
# without tests or benchmarks (no doctest needed), builds, installs into PREFIX,
# and checks the installed yucun runs. BUILD_DIR (default build-container) is
# the build folder, JOBS the parallel jobs (default: all cores).
set -euo pipefail
prefix=${1:?usage: packaging/container-build.sh PREFIX}
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-container}

packages=(cmake make g++ pkg-config
          libboost-graph-dev libtbb-dev libhdf5-dev libyaml-cpp-dev librandom123-dev libcli11-dev libfmt-dev libcereal-dev zlib1g-dev
          python3 python3-dev python3-pybind11 python3-numpy python3-h5py python3-xarray python3-pandas python3-yaml
          python3-fastapi python3-uvicorn python3-openpyxl libjs-leaflet libjs-chart.js fonts-noto-cjk
          libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DYUCUN_BENCH=OFF \
  -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$build" -j "${JOBS:-$(nproc)}"
cmake --install "$build" >/dev/null

# The installed yucun: a one-year run, and the workbench's Python side.
"$prefix/bin/yucun" --version
"$prefix/bin/yucun" run --set calendar.years=1 --set spin_up.years=0 -q -o "${TMPDIR:-/tmp}/yucun-container-check.h5" --force
rm -f "${TMPDIR:-/tmp}/yucun-container-check.h5"
PYTHONNOUSERSITE=1 PYTHONPATH="$prefix/share/yucun/python" /usr/bin/python3 -c "import yucun, yucun.workbench.app"
echo "container-build: yucun installed in $prefix"
