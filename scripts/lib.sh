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

# mvn package (tests skipped), unless nothing Maven builds from changed since the last time this built it: a
# local run after another one starts at once. Any source or pom newer than the stamp builds again.
package_when_changed() {
  local stamp="$root/local/target/.packaged"
  if [[ -f "$stamp" && -f "$root/local/target/runtime-classpath.txt" && -f "$root/acceptance/target/runtime-classpath.txt" ]] \
      && [[ -z "$(cd "$root" && find pom.xml */pom.xml functions/src workflows/src local/src acceptance/src -newer "$stamp" -print -quit)" ]]; then
    echo "build is up to date (nothing changed since $(date -r "$stamp" '+%H:%M:%S'))" >&2
    return 0
  fi
  echo "building (mvn package, tests skipped)..." >&2
  mvn_plain -q -DskipTests package >&2
  touch "$stamp"
}
