#!/usr/bin/env bash
# Regenerates the clips in assets/clips that the simulator (and the fake provider servers) return.
# They are committed; run this only to change them. Each clip has the frame size the simulator
# claims for its aspect ratio and resolution (1080p: 1920x1080, 1080x1920, 1080x1080; 720p:
# 1280x720, 720x1280, 720x720), so a rehearsal lays out on the timeline as the real shot will, and
# says on every frame that it is the simulator's placeholder, never a generated shot.
# Needs an ffmpeg with drawtext (Debian's; SHOTBIN_FFMPEG to use another) and the DejaVu font.
set -euo pipefail
cd "$(dirname "$0")/.."
FF=${SHOTBIN_FFMPEG:-ffmpeg}
FONT=${SHOTBIN_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf}
mkdir -p assets/clips
gen() { # prefix aspect width height seconds tone-hz hue
  local box=$(( ($3 < $4 ? $3 : $4) / 6 ))
  local size=$(( $3 / 30 ))
  "$FF" -v error -y \
    -f lavfi -i "smptehdbars=size=${3}x${4}:rate=24" \
    -f lavfi -i "testsrc=size=${box}x${box}:rate=24" \
    -f lavfi -i "sine=frequency=$6:sample_rate=48000" \
    -filter_complex "[0]hue=h=$7[b];[b][1]overlay=x='mod(t*${3}/8,W-${box})':y='(H-${box})/2'[o];[o]drawtext=fontfile=${FONT}:text='SHOTBIN SIMULATOR  ${3}x${4}  ${5} s':fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=$((size / 3)):x=(w-tw)/2:y=h/8,drawtext=fontfile=${FONT}:text='placeholder, not a generated shot':fontsize=$((size * 2 / 3)):fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=$((size / 4)):x=(w-tw)/2:y=h/8+${size}*2[v]" \
    -map "[v]" -map 2 -t "$5" -c:v libx264 -preset veryslow -crf 32 -pix_fmt yuv420p \
    -c:a aac -b:a 16k -ac 1 -movflags +faststart "assets/clips/${1}_${2}_${5}s.mp4"
}
for res in 1080 720; do
  # 1080p keeps the original names (the fake provider servers pick clips by `sim_<aspect>_`).
  prefix=$([ "$res" = 1080 ] && echo sim || echo sim720p)
  wide=$(( res * 16 / 9 ))
  gen "$prefix" 16x9 "$wide" "$res" 4 440 0
  gen "$prefix" 16x9 "$wide" "$res" 5 494 40
  gen "$prefix" 16x9 "$wide" "$res" 6 466 60
  gen "$prefix" 16x9 "$wide" "$res" 8 523 80
  gen "$prefix" 16x9 "$wide" "$res" 10 587 120
  gen "$prefix" 9x16 "$res" "$wide" 5 659 160
  gen "$prefix" 9x16 "$res" "$wide" 8 698 200
  gen "$prefix" 1x1 "$res" "$res" 5 784 240
done
