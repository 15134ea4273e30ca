#!/usr/bin/env bash
# Regenerates the small clips in assets/clips that the simulator and the fake provider
# servers return. They are committed; run this only to change them.
set -euo pipefail
cd "$(dirname "$0")/.."
FF=$(node -e 'console.log(require("@ffmpeg-installer/ffmpeg").path)')
mkdir -p assets/clips
gen() { # aspect width height seconds tone-hz hue
  "$FF" -v error -y \
    -f lavfi -i "smptehdbars=size=${2}x${3}:rate=24" \
    -f lavfi -i "testsrc=size=48x48:rate=24" \
    -f lavfi -i "sine=frequency=$5:sample_rate=48000" \
    -filter_complex "[0]hue=h=$6[b];[b][1]overlay=x='mod(t*60,W-48)':y='(H-48)/2'[v]" \
    -map "[v]" -map 2 -t "$4" -c:v libx264 -preset veryslow -crf 30 -pix_fmt yuv420p \
    -c:a aac -b:a 16k -ac 1 -movflags +faststart "assets/clips/sim_${1}_${4}s.mp4"
}
gen 16x9 320 180 4 440 0
gen 16x9 320 180 5 494 40
gen 16x9 320 180 6 466 60
gen 16x9 320 180 8 523 80
gen 16x9 320 180 10 587 120
gen 9x16 180 320 5 659 160
gen 9x16 180 320 8 698 200
gen 1x1 240 240 5 784 240
