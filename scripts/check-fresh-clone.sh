#!/usr/bin/env bash
# Runs the README's two set-up commands on a fresh clone, exactly as the README writes them, with
# nothing set beforehand. Command 1 runs in a bare environment (only PATH and HOME, for the
# machine's own npm configuration and cache); its model is a local OpenAI wire server, reached
# through OPENAI_BASE_URL, which the README names for pointing the CLI at another server.
#
#   bash scripts/check-fresh-clone.sh        # clones the committed HEAD of this repository
#
# Also checks that `npm pack` of a clone with nothing installed fails loudly instead of packing an
# empty tarball. Command 2 runs the whole test suite in the clone, so the last line printed is its
# "N passed, N failed" summary (.ci/run ends with this script).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/smolagents-fresh-clone.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "fresh-clone: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

git clone --quiet "$repo" "$work/clone"
clone="$work/clone"

# The commands: the non-comment lines of the first bash block under "## Set-up".
mapfile -t commands < <(awk '
  /^## Set-up/ { section = 1; next }
  section && /^## / { exit }
  section && /^```bash/ { inside = 1; next }
  inside && /^```/ { exit }
  inside && !/^[[:space:]]*(#|$)/ { print }
' "$clone/README.md")
[ "${#commands[@]}" -eq 2 ] || fail "expected two commands under '## Set-up' in README.md, found ${#commands[@]}"
say "command 1: ${commands[0]}"
say "command 2: ${commands[1]}"

# Nothing set beforehand: a bare environment, as on a new machine.
bare=(env -i "PATH=$PATH" "HOME=$HOME")

# 0. Packing a clone that was never installed must not make a tarball without dist/.
if (cd "$clone" && "${bare[@]}" npm pack --silent >"$work/pack.out" 2>&1); then
  fail "npm pack of an unbuilt clone succeeded: $(cat "$work/pack.out")"
fi
ls "$clone"/*.tgz >/dev/null 2>&1 && fail "npm pack of an unbuilt clone left a tarball"
say "npm pack of an unbuilt clone fails: $(grep -m1 -iE 'not found|error' "$work/pack.out" || tail -1 "$work/pack.out")"

# 1. The first command, against a local server that answers with one code action.
cat >"$work/replies.json" <<'JSON'
["Thought: a leap year has 366 days of 24 hours of 3,600 seconds.\n```js\nfinal_answer(366 * 24 * 60 * 60);\n```"]
JSON
node --import tsx "$repo/test/support/serve-openai-wire.ts" "$work/replies.json" "$work/requests.json" 900 >"$work/server.url" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/server.url" ] && break; sleep 0.1; done
url="$(head -1 "$work/server.url")"
[ -n "$url" ] || fail "the wire server did not start"

start=$SECONDS
if ! (cd "$clone" && "${bare[@]}" "OPENAI_BASE_URL=$url" bash -c "${commands[0]}" >"$work/command1.out" 2>"$work/command1.err"); then
  tail -30 "$work/command1.out" "$work/command1.err" >&2
  fail "command 1 exited non-zero"
fi
answer="$(tail -1 "$work/command1.out")"
[ "$answer" = "31622400" ] || { tail -30 "$work/command1.err" >&2; fail "command 1 printed '$answer' as its last line, not 31622400"; }
grep -q 'How many seconds are there in a leap year?' "$work/requests.json" || fail "the model server did not get the task"
grep -q 'install-scripts' "$work/command1.err" && fail "npm warned about install scripts: $(grep -m3 install-scripts "$work/command1.err")"
say "command 1 answered $answer in $((SECONDS - start)) s (install, build, CLI run)"
kill "$server_pid" 2>/dev/null || true
server_pid=""

# 2. The second command, as written: its test summary is the last line. It keeps this environment
# (services .ci/run started may be configured there) less anything that would steer the install.
unset ONNXRUNTIME_NODE_INSTALL ONNXRUNTIME_NODE_INSTALL_CUDA
while read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
(cd "$clone" && bash -c "${commands[1]}")
