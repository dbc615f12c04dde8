#!/bin/sh
# make fresh-check: prove that `make deps` installs everything `make test`
# needs, the way a new user on a fresh Debian 12 machine would meet it.
#
#   1. debootstrap a minimal bookworm root (variant minbase plus `make`,
#      the one command a user must have to type `make deps`) into a new
#      scratch folder, from the Debian mirror this machine's apt uses;
#   2. copy a clean `git clone` of this repository's HEAD into it as
#      /src/rmapos, with ../shared beside it (/src/shared) as CI has it;
#   3. mount /proc, /sys and /dev (bind) and run `make deps && make test`
#      inside under chroot, as root; QEMU runs under TCG there;
#   4. unmount everything and delete the root on any exit (trap).
#
# Usage: tools/fresh_check.sh      (as root; `make fresh-check` checks that)
# Environment: FRESH_MIRROR overrides the mirror, FRESH_DIR the parent of the
# scratch folder (default /var/tmp), FRESH_KEEP=1 keeps the root afterwards.
# make test's closing `N passed, N failed` (or `0 passed, 1 failed` when a
# step before it failed) is followed only by the timings; the exit status
# is make test's.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
suite=bookworm
started=$(date +%s)

fail() {
	echo "fresh-check: $*"
	echo "0 passed, 1 failed"
	exit 1
}

[ "$(id -u)" = 0 ] || fail "must run as root (debootstrap, mount, chroot)"
command -v debootstrap >/dev/null 2>&1 || fail "debootstrap is not installed (apt-get install debootstrap)"

# The first Debian (not -security, not -updates) bookworm mirror of apt's
# sources, in either the one-line or the deb822 format.
find_mirror() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && awk -v s="$suite" '$1 == "deb" {
			line = $0; sub(/\[[^]]*\]/, "", line); split(line, a, " ")
			if (a[3] == s && a[2] ~ /debian\/?$/) { print a[2]; exit } }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && awk -v s="$suite" '
			function stanza() {
				if (uri != "" && suites ~ " " s " " && uri ~ /debian\/?$/) { print uri; found = 1; exit }
				uri = ""; suites = ""
			}
			/^[ \t]*$/ { stanza() }
			$1 == "URIs:" { uri = $2 }
			$1 == "Suites:" { suites = " "; for (i = 2; i <= NF; i++) suites = suites $i " " }
			END { if (!found) stanza() }' "$f"
	done
}
mirror=${FRESH_MIRROR:-$(find_mirror | head -n 1)}
[ -n "$mirror" ] || fail "no Debian $suite mirror in /etc/apt/sources.list*; set FRESH_MIRROR"

commit=$(git -C "$repo" rev-parse HEAD) || fail "$repo is not a git checkout"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
	echo "fresh-check: warning: uncommitted changes in $repo are not checked (a clone of HEAD is)"
fi

parent=${FRESH_DIR:-/var/tmp}
mkdir -p "$parent"
scratch=$(mktemp -d "$parent/rmapos-fresh.XXXXXX")
root=$scratch/root
mounted=""

cleanup() {
	status=$?
	set +e
	# Processes still running inside the root (an emulator a test left behind).
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null
	done
	for m in $mounted; do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
	if grep -q " $root/" /proc/self/mounts; then
		echo "fresh-check: still mounted under $root; not deleting it"
	elif [ "${FRESH_KEEP:-0}" = 1 ]; then
		echo "fresh-check: root kept in $root"
	else
		rm -rf --one-file-system "$scratch"
	fi
	echo "fresh-check: $(( $(date +%s) - started )) s in all"
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# 1. A new root: the folder did not exist before this run.
[ ! -e "$root" ] || fail "$root already exists"
echo "fresh-check: new root $root, created $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "fresh-check: debootstrap --variant=minbase --include=make $suite from $mirror"
debootstrap --variant=minbase --include=make "$suite" "$root" "$mirror" \
	> "$scratch/debootstrap.log" 2>&1 || { tail -30 "$scratch/debootstrap.log"; fail "debootstrap failed"; }
grep -E '^I: (Retrieving (In)?Release |Valid Release signature|Base system installed)' "$scratch/debootstrap.log" | \
	sed 's/^/fresh-check: debootstrap: /'
echo "fresh-check: root has $(chroot "$root" dpkg-query -f '.\n' -W | wc -l) packages," \
	"$(du -sm "$root" | cut -f1) MiB, after $(( $(date +%s) - started )) s"
for t in i686-linux-gnu-gcc qemu-system-i386 bochs grub-mkrescue python3; do
	[ ! -e "$root/usr/bin/$t" ] || fail "the new root already has $t: not fresh"
done

# 2. A clean clone of this commit, and ../shared beside it.
mkdir -p "$root/src"
git clone --quiet --no-hardlinks "$repo" "$root/src/rmapos" || fail "git clone failed"
git -C "$root/src/rmapos" checkout --quiet --detach "$commit" || fail "checkout $commit failed"
rm -rf "$root/src/rmapos/.git"   # the chroot has no git; nothing there needs it
if [ -d "$repo/../shared" ]; then
	cp -a "$repo/../shared" "$root/src/shared"
fi
echo "fresh-check: clone of $commit in /src/rmapos"

# 3. The kernel's file systems, name resolution, then the README's commands.
for m in proc sys dev dev/pts; do
	mkdir -p "$root/$m"
done
mount -t proc proc "$root/proc" && mounted="$root/proc $mounted"
mount -t sysfs sysfs "$root/sys" && mounted="$root/sys $mounted"
mount --bind /dev "$root/dev" && mounted="$root/dev $mounted"
mount --bind /dev/pts "$root/dev/pts" && mounted="$root/dev/pts $mounted"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

echo "fresh-check: chroot: make deps && make test"
chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	sh -c 'cd /src/rmapos && t0=$(date +%s) && before=$(dpkg-query -f ".\n" -W | wc -l) &&
		{ make deps > /tmp/deps.log 2>&1 || { tail -40 /tmp/deps.log; echo "0 passed, 1 failed"; exit 1; }; } &&
		echo "fresh-check: make deps: $before -> $(dpkg-query -f ".\n" -W | wc -l) packages in $(( $(date +%s) - t0 )) s" &&
		t0=$(date +%s) && make test; s=$?; echo "fresh-check: make test: $(( $(date +%s) - t0 )) s, exit status $s"; exit $s'
