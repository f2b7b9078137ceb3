# Sourced by the build scripts: compile through ccache when it is installed (scripts/setup.sh
# installs it). CCACHE_BASEDIR makes the cached objects independent of where the clone lies, so a
# fresh clone on a machine that built dangan before compiles only what changed. CMake reads the
# launcher variables from the environment when it first configures a build folder.
if command -v ccache > /dev/null; then
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
# The sanitizer build carries line tables (-gline-tables-only), which would otherwise make ccache
# hash the build folder's path too; a report then names the source paths of the first clone.
if command -v ccache > /dev/null; then export CCACHE_NOHASHDIR=1; fi
