# What the pre-runtime stage's CPU narrowing buys (nslib/prestage/stage.c,
# one_cpu): command lines that run in Go, through the release build against
# the same build without the narrowing ($NSBOX_WIDE, tag nsbox_nonarrow).
# Info rows: the ratio is narrowed/wide, below 1 when narrowing pays.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

section "CPU narrowing: release build vs the same build without it"

"$NSBOX" netns add bench-n
for i in $(seq 20); do "$NSBOX" netns add "bench-n$i"; done
compare "info: netns -j list, 21 names (Go path)" - 1 "-runs 31 -warmup 3" \
	"$NSBOX netns -j list" "$NSBOX_WIDE netns -j list"
compare "info: netns exec NAME true via -all (Go path, forks)" - 1 "-runs 15 -warmup 2" \
	"$NSBOX netns -all exec true" "$NSBOX_WIDE netns -all exec true"
compare "info: lsns" - 1 "-runs 31 -warmup 3" "$NSBOX lsns" "$NSBOX_WIDE lsns"
compare "info: unshare -n --propagation private true (Go path)" - 1 "-runs 31 -warmup 3" \
	"$NSBOX unshare -n --propagation private true" "$NSBOX_WIDE unshare -n --propagation private true"
for i in $(seq 20); do "$NSBOX" netns delete "bench-n$i"; done
"$NSBOX" netns delete bench-n
