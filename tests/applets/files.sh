# Files and directories: mkdir -p, ln -s, touch -d, ls -l, cp, mv, rm -r,
# find, stat -c, du. A directory's size and every block count belong to the
# filesystem (ext2 with 1 KiB blocks on rmapos, tmpfs on Linux), so ls
# prints '-' for a directory's size and du is checked against stat's own
# block count instead of printed.
T='2020-03-04 05:06:07'
mkdir -p tree/a/b/c tree/d
printf 'hello\n' > tree/f1
printf 'hello world\n' > tree/a/f2
: > tree/a/b/empty
dd if=/dev/zero of=tree/d/zeros bs=1000 count=5 2>/dev/null
ln -s ../f1 tree/a/link1
ln -s nowhere tree/dangling
chmod 600 tree/f1
chmod 751 tree/a/b
chmod 1777 tree/d
echo "mkdir -p again: $(mkdir -p tree/a/b/c; echo $?)"
echo "mkdir existing: $(mkdir tree/a 2>&1; echo $?)"
# Fixed times, deepest first (touching a file leaves its directory's mtime alone).
find tree | sort -r | while read -r p; do touch -h -d "$T" "$p"; done
# ls -l with the filesystem's figures masked: a directory's size, the
# "total" of blocks; a symlink's time when the copy could not set it (cp -a).
lsl() {
	ls -l "$@" | awk '/^total / { $2 = "-" }
		$1 ~ /^d/ { $5 = "-" }
		$1 ~ /^l/ && $0 !~ /2020/ { $6 = $7 = $8 = "(now)" }
		{ $1 = $1; print }'
}
echo "== ls -l tree"; lsl tree
echo "== ls -lR tree"; lsl -R --full-time tree
echo "== ls -la tree/a"; lsl -a tree/a
echo "== ls -1 -F tree"; ls -1F tree
echo "== ls -d tree/*"; ls -d tree/*
echo "== ls -lu (atime) tree/f1 after touch"; ls -lu --full-time tree/f1
echo "== ls -lL tree/a/link1"; ls -lL tree/a/link1
echo "== ls missing"; ls tree/missing; echo "status $?"
echo "== atime"
# Linux's default relatime: a read moves an atime that is not newer than the mtime
# (or the ctime) or a day old; stat itself does not. The sleep puts the first
# read's atime strictly after the ctime touch just set (in the same clock tick
# the second read would move it again); the second sleep makes a strictatime
# kernel fail the line every time, not only when the reads straddle a second.
# On Linux /tmp is a tmpfs that run mounts: the initramfs root itself has no
# relatime and moves the atime on every read.
touch -d "$T" at; sleep 1; stat -c '%X' at; cat at; a=$(stat -c %X at)
[ "$a" -gt 1583298367 ] && echo "read moved atime forward" || echo "read left atime at $a"
sleep 1; cat at; [ "$(stat -c %X at)" = "$a" ] && echo "a second read (atime newer than mtime) left it"
touch -m -d '2021-01-01 00:00:00' at; touch -a -d '2022-01-01 00:00:00' at
# An atime in the future is not "a day old": Linux compares the signed
# difference, so a read leaves it.
printf x > atf; touch -a -d '2037-12-31 00:00:00' atf; cat atf > /dev/null
echo "future atime after a read: $(stat -c %X atf)"
stat -c '%X %Y' at
mkdir atd; touch -d "$T" atd; ls atd; a=$(stat -c %X atd)
[ "$a" -gt 1583298367 ] && echo "listing moved the directory's atime" || echo "listing left atime at $a"
: > at0; touch -d "$T" at0; cat at0; a=$(stat -c %X at0)
[ "$a" -gt 1583298367 ] && echo "a read of an empty file moved atime" || echo "empty read left atime at $a"
touch -d "$T" at; echo more >> at; stat -c %X at
echo "== stat -c"
for p in tree tree/f1 tree/a/f2 tree/a/b tree/a/b/empty tree/d tree/d/zeros tree/a/link1 tree/dangling; do
	stat -c '%n %F %a %A %f %h %u %g %U %G %Y' "$p"
	stat -c '%n %s' "$p" | grep -v '^tree/d \|^tree \|^tree/a/b '
done
stat -c '%N' tree/a/link1 tree/dangling
stat -L -c '%n %s %a' tree/a/link1
stat -c '%n' tree/missing; echo "status $?"
echo "== cp"
cp tree/f1 tree/f1.copy && cat tree/f1.copy
stat -c '%a %s' tree/f1.copy
cp -p tree/f1 tree/f1.keep && stat -c '%a %Y' tree/f1.keep
cp -a tree/a tree/a.copy && lsl --full-time tree/a.copy
cp -r tree/a tree/a.r && find tree/a.r | sort
cp tree/a tree/x; echo "cp dir without -r: $?"
cp tree/missing tree/x; echo "cp missing: $?"
echo "== ln, readlink"
ln tree/f1 tree/hard && stat -c '%n %h' tree/f1 tree/hard
readlink tree/a/link1; readlink -f tree/a/link1 | sed 's|.*/tree/|.../tree/|'
ln -s f1 tree/f1; echo "ln -s over existing: $?"
ln -sf f1.copy tree/hard2 && readlink tree/hard2
echo "== mv"
mv tree/f1.copy tree/moved && ls tree | tr '\n' ' '; echo
mv tree/moved tree/a/b/ && ls tree/a/b
mv tree/a.r tree/d/ && find tree/d | sort
mv tree/d/a.r tree/a.r2 && ls -d tree/a.r2
mkdir tree/full; : > tree/full/x
mv tree/a.r2 tree/full 2>&1; echo "mv dir into dir: $?"; ls tree/full
mkdir tree/e1 tree/e2; : > tree/e2/x
mv -T tree/e1 tree/e2 2>&1; echo "mv over non-empty dir: $?"
mv -T tree/e2 tree/e1; echo "mv over empty dir: $?"; ls tree/e1
mv tree/e1 tree/e1/sub 2>&1; echo "mv into itself: $?"
mv tree/missing tree/x 2>&1; echo "mv missing: $?"
echo "== rm"
rm tree/a/link1 && ls tree/a
rm tree/a 2>&1; echo "rm dir: $?"
rmdir tree/full 2>&1; echo "rmdir non-empty: $?"
rm -r tree/full && echo "rm -r: gone $(ls -d tree/full 2>/dev/null | wc -l)"
rm -f tree/missing; echo "rm -f missing: $?"
rm tree/missing 2>&1; echo "rm missing: $?"
rm -rf tree/a.copy tree/d && ls tree | tr '\n' ' '; echo
echo "== find"
find tree -type f | sort
find tree -type d | sort
find tree -type l | sort
find tree -name 'f*' | sort
find tree -empty | sort
find tree -newer tree/hard2 | sort
find tree -maxdepth 1 | sort
find tree -mindepth 3 | sort
find tree -size -1 -type f | sort
find tree -perm 600 | sort
find tree -name empty -exec stat -c '%n %s' {} \;
find tree -path '*/b/*' -prune -o -type f -print | sort
find tree/missing; echo "find missing: $?"
echo "== du (against stat's blocks)"
: > z0; dd if=/dev/zero of=z1 bs=1024 count=37 2>/dev/null; dd if=/dev/zero of=z2 bs=1 count=1 seek=200000 2>/dev/null
for f in z0 z1 z2; do
	b=$(stat -c %b "$f"); k=$(du -k "$f" | cut -f1)
	[ "$k" -eq $(( (b + 1) / 2 )) ] && echo "du -k $f: agrees with st_blocks" || echo "du -k $f: $k vs st_blocks $b"
	echo "$f size $(stat -c %s "$f") sparse $( [ $b -lt $(( $(stat -c %s "$f") / 512 )) ] && echo yes || echo no)"
done
s=$(du -sk . | cut -f1); t=0
for f in z0 z1 z2; do t=$((t + $(du -k $f | cut -f1))); done
[ $t -le $s ] && echo "du -s .: at least its files" || echo "du -s . $s < files $t"
du -s tree/missing; echo "du missing: $?"
