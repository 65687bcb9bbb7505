#!/usr/bin/env bash
# Coverage-guided fuzzing of the media parsers: SharpFuzz instruments Classroom.Media (and
# BouncyCastle, which runs the DTLS handshake) and libFuzzer drives the targets of
# tests/Classroom.Media.Fuzz through the small native driver in its Driver/ folder.
#
#   scripts/fuzz.sh ci [seconds]              every target for a few seconds each (scripts/test.sh)
#   scripts/fuzz.sh run TARGET [seconds] [libFuzzer flags...]
#                                              one target from its committed corpus; what it finds
#                                              new goes to .fuzz/work/TARGET (the corpus is not changed)
#   scripts/fuzz.sh merge TARGET              minimizes the committed corpus plus .fuzz/work/TARGET
#                                              back into the committed corpus (libFuzzer -merge=1)
#   scripts/fuzz.sh seed                      writes fresh seeds (Seeds/) and merges them into every corpus
#
# Targets: stun rtp rtcp srtp sdp dtls. A crash or a hang fails the command; the input that caused it
# is kept under .fuzz/findings/TARGET/ and printed in base64 so it can be added to the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
project="$root/tests/Classroom.Media.Fuzz"
corpus="$project/Corpus"
out="$root/.fuzz"
targets=(stun rtp rtcp srtp sdp dtls)

# What the script needs: clang with libFuzzer (Debian: clang-14, libclang-rt-14-dev) and the
# sharpfuzz tool (dotnet-tools.json).
ensure_tools() {
  local missing=()
  command -v clang-14 >/dev/null 2>&1 || missing+=(clang-14)
  compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null || missing+=(libclang-rt-14-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  dotnet tool restore >/dev/null
}

# Builds the driver and an instrumented copy of the targets in .fuzz/bin (the build output used by
# the tests stays uninstrumented).
build() {
  # FUZZ_SKIP_BUILD=1 reuses .fuzz/bin as the last build left it (e.g. merging after a long run).
  if [ "${FUZZ_SKIP_BUILD:-}" = 1 ] && [ -x "$out/libfuzzer-sharpfuzz" ]; then return; fi
  ensure_tools
  dotnet build "$project" -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null
  rm -rf "$out/bin"
  mkdir -p "$out/bin"
  cp -r "$project/bin/Release/net10.0/." "$out/bin/"
  for assembly in Classroom.Media.dll BouncyCastle.Cryptography.dll; do
    dotnet tool run sharpfuzz "$out/bin/$assembly" >/dev/null
  done
  # The driver itself is not instrumented: libFuzzer's coverage is the managed code's edge map.
  clang-14 -O2 -Wall -c "$project/Driver/libfuzzer-sharpfuzz.c" -o "$out/driver.o"
  clang-14 -fsanitize=fuzzer "$out/driver.o" -o "$out/libfuzzer-sharpfuzz"
}

max_len() {
  case "$1" in
    sdp) echo 16384 ;;
    dtls) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

# fuzz TARGET SECONDS [flags and folders]: runs libFuzzer; returns its status. The managed heap is capped so a
# runaway allocation is an OutOfMemoryException (a crash with its input) instead of the machine's OOM.
fuzz() {
  local target=$1 seconds=$2
  shift 2
  mkdir -p "$out/work/$target" "$out/findings/$target"
  DOTNET_GCHeapHardLimit=0x40000000 "$out/libfuzzer-sharpfuzz" \
    --target=dotnet --target-arg="$out/bin/Classroom.Media.Fuzz.dll" --target-arg="$target" \
    -max_total_time="$seconds" -timeout=10 -max_len="$(max_len "$target")" -print_final_stats=1 \
    -artifact_prefix="$out/findings/$target/" "$@"
}

report_findings() {
  local target=$1 found=0
  for file in "$out/findings/$target"/*; do
    [ -e "$file" ] || continue
    found=1
    echo "FUZZ FINDING $target $(basename "$file") (base64): $(base64 -w0 "$file")"
  done
  return $found
}

case "${1:-}" in
  ci)
    seconds=${2:-15}
    build
    failed=0
    for target in "${targets[@]}"; do
      rm -rf "$out/findings/$target" "$out/work/$target"
      log="$out/$target.log"
      status=0
      fuzz "$target" "$seconds" "$out/work/$target" "$corpus/$target" >"$log" 2>&1 || status=$?
      stats=$(grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE' "$log" | tr '\n' ' ' || true)
      if [ "$status" -ne 0 ] || ! report_findings "$target"; then
        failed=$((failed + 1))
        echo "fuzz $target: FAILED (libFuzzer status $status); the target's exception and the end of the log:"
        grep -m1 -A12 -E '^[A-Za-z.]+(Exception|Error)\b|Unhandled exception' "$log" || true
        tail -n 12 "$log"
        report_findings "$target" || true
      else
        echo "fuzz $target: ok ${stats}"
      fi
    done
    echo "fuzz: $(( ${#targets[@]} - failed )) targets passed, $failed failed"
    [ "$failed" -eq 0 ]
    ;;
  run)
    target=${2:?target}
    seconds=${3:-3600}
    shift $(( $# < 3 ? $# : 3 ))
    build
    status=0
    fuzz "$target" "$seconds" "$@" "$out/work/$target" "$corpus/$target" || status=$?
    report_findings "$target" || true
    exit "$status"
    ;;
  merge)
    target=${2:?target}
    build
    mkdir -p "$out/work/$target" "$corpus/$target"
    merged="$out/merged/$target"
    rm -rf "$merged"
    mkdir -p "$merged"
    # Edges only (-use_counters=0), not hit counts: a corpus of KBs that still reaches every edge.
    fuzz "$target" 0 -merge=1 -use_counters=0 "$merged" "$corpus/$target" "$out/work/$target" >"$out/merge-$target.log" 2>&1 \
      || { tail -n 20 "$out/merge-$target.log"; exit 1; }
    rm -f "$corpus/$target"/*
    cp "$merged"/* "$corpus/$target/"
    echo "$target: $(ls "$corpus/$target" | wc -l) inputs, $(du -sk "$corpus/$target" | cut -f1) KiB"
    ;;
  seed)
    build
    rm -rf "$out/seeds"
    # The uninstrumented build: instrumented code only runs under the driver (it writes to its edge map).
    dotnet "$project/bin/Release/net10.0/Classroom.Media.Fuzz.dll" seed "$out/seeds"
    for target in "${targets[@]}"; do
      mkdir -p "$corpus/$target"
      mkdir -p "$out/work/$target"
      cp "$out/seeds/$target"/* "$out/work/$target/"
    done
    echo "seeds are in .fuzz/work/<target>; run 'scripts/fuzz.sh merge <target>' for each target"
    ;;
  *)
    sed -n '2,16p' "$0"
    exit 2
    ;;
esac
