#!/bin/sh
# Builds RapportInsight and the small driver in train/ (no other target: no PostgresNIO), then runs it.
# Usage, from the package root:  benchmarks/classification/train_words.sh MODE [options]   (see train/main.swift)
# CONFIG=release for a release build. RAPPORT_DATA defaults to ../shared/data.
set -e
cfg=${CONFIG:-debug}
testing=""; [ "$cfg" = release ] && testing="-Xswiftc -enable-testing"  # main.swift uses @testable import
nice -n 10 swift build -c "$cfg" --target RapportInsight $testing >/tmp/classify-train-build.log 2>&1 || { tail -30 /tmp/classify-train-build.log; exit 1; }
B=.build/$cfg
opt=-Onone; [ "$cfg" = release ] && opt=-O
out=$B/classify-train
nice -n 10 swiftc $opt -I "$B/Modules" benchmarks/classification/train/main.swift "$B"/RapportInsight.build/*.o "$B"/RapportCore.build/*.o -o "$out"
exec "$out" "$@"
