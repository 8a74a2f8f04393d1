#!/usr/bin/env bash
# Sourced by the benchmarks that use npm's chinese-poetry 2.0.1 (public Chinese poems, about 330k): downloads it
# once into .local/bench and sets $poetry to its dist folder.
poetry_home="$root/.local/bench/chinese-poetry"
if [ ! -d "$poetry_home/package/dist/quantangshi" ]; then
  mkdir -p "$poetry_home"
  (cd "$poetry_home" && npm pack --silent chinese-poetry@2.0.1 > /dev/null && tar xzf chinese-poetry-2.0.1.tgz)
fi
poetry="$poetry_home/package/dist"
