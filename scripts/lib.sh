# What the scripts share; sourced, never run. Sets $root, puts the project's pinned tools first on PATH
# (after scripts/setup has installed them), and gives Maven output without escape codes.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SAM_CLI_TELEMETRY=0

# Installs the pinned tools when missing (quiet when they are there) and uses them.
use_project_tools() {
  "$root/scripts/setup" --quiet
  export PATH="$root/.venv/bin:$root/node_modules/.bin:$PATH"
}

# Maven 3.8's launcher writes ANSI resets (ESC[0m) around its output even with -B and -Dstyle.color=never, in a
# terminal and in a pipe alike: strip every escape sequence so a terminal and a log read the same. With pipefail
# (every script sets it) the pipeline fails when Maven does.
mvn_plain() {
  mvn -B --no-transfer-progress -Dstyle.color=never "$@" 2>&1 | sed -u 's/\x1b\[[0-9;?]*[A-Za-z]//g'
}
