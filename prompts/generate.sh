#!/usr/bin/env bash
# Regenerates the built-in prompts with flite (Debian package `flite`): 8 kHz 16-bit mono WAV.
# The generated files are committed, so running the server never needs flite.
set -euo pipefail
cd "$(dirname "$0")"
say() { flite -voice kal -t "$2" -o "$1.wav"; }
mkdir -p digits
say welcome "Welcome to Telephony. Please enter some digits, then press the pound key."
say you-entered "You entered"
say no-input "We did not receive any digits."
say goodbye "Thank you for calling. Goodbye."
words=(zero one two three four five six seven eight nine)
for d in 0 1 2 3 4 5 6 7 8 9; do say "digits/$d" "${words[$d]}"; done
say digits/star "star"
say digits/pound "pound"
for l in a b c d; do say "digits/$l" "$l"; done
