# The system seen by busybox: id, uname, hostname, mount of proc and what
# /proc/self shows, df, free, ps. Figures that belong to the kernel (its
# release, sizes, counts of memory) are printed only in their form: the
# header lines, the field names, whether a value is a number.
isnum() { case "$1" in ''|*[!0-9]*) echo "not a number [$1]" ;; *) echo number ;; esac; }
echo "== id"; id; id -u; id -g; id -un; whoami; groups
echo "== uname"
uname -s; uname -m; uname -o
# uname -r: the release differs (6.1.x vs ours); only its form.
uname -r | sed 's/^[0-9][0-9]*\.[0-9][0-9]*.*/release N.N.../'
[ "$(uname -n)" = "$(hostname)" ] && echo "uname -n is the hostname"
echo "== hostname"
hostname applets-host; hostname; uname -n; hostname -s
hostname 2>/dev/null "$(printf '%070d' 0)"; echo "hostname 70 chars: $?"
echo "== mount proc"
mkdir p; mount -t proc proc p; echo "mount: $?"
grep " $(pwd)/p " /proc/mounts | awk '{ print $1, $3 }'
[ -d p/self ] && echo "p/self is a directory"; readlink p/self | sed 's/^[0-9][0-9]*$/PID/'
df -k p | awk 'NR == 2 { print $1, $2, $3, $4, $5 }'
umount p; echo "umount: $?"; [ -e p/self ] || echo "p is empty again"
mount -t nosuchfs none p 2>&1; echo "mount unknown type: $?"
umount p 2>&1; echo "umount not mounted: $?"
echo "== /proc/self"
: > fdfile
readlink /proc/self/exe; readlink /proc/1/exe; readlink /proc/self/cwd | sed 's|.*/||'
cd /; sh -c 'readlink /proc/self/cwd'; cd - >/dev/null
cat /proc/self/cmdline | tr '\0' ' '; echo
sh -c 'cut -d" " -f2,3 /proc/self/stat'
awk '{ print $2, $3 }' /proc/self/stat
grep -E '^(Name|State|Uid|Gid):' /proc/self/status | tr '\t' ' '
ls /proc/self/fd | tr '\n' ' '; echo
sh -c 'exec 7</applets/run; ls /proc/$$/fd | tr "\n" " "; echo; readlink /proc/$$/fd/7'
sh -c 'readlink /proc/$$/fd/0' </dev/null
echo | sh -c 'readlink /proc/$$/fd/0' | sed 's/[0-9][0-9]*/N/'
cd /bin && sh -c 'exec 8<../applets/./run 9<.; readlink /proc/$$/fd/8; readlink /proc/$$/fd/9'; cd - >/dev/null
sh -c 'exec 6<fdfile; rm fdfile; readlink /proc/$$/fd/6 | sed "s|.*/||"' 2>&1
ls -ld /proc/self/fd | cut -c1-10; ls -l /proc/self/fd/0 | cut -c1-10
readlink /proc/self/fd/99; echo "no fd 99: $?"
awk '{ print NF }' /proc/self/statm
grep -c . /proc/self/maps >/dev/null && echo "maps has lines"
head -1 /proc/self/maps | awk '{ print $2 }'
isnum "$(cut -d' ' -f1 /proc/uptime | cut -d. -f1)"
echo "== df"
df | head -1
echo "== free"
free | head -1 | awk '{ $1 = $1; print }'; free | awk 'NR > 1 { print $1, NF }'
free -m | awk 'NR == 2 { print ($2 > 0) ? "MiB total > 0" : "no memory" }'
echo "== ps"
ps | head -1 | awk '{ $1 = $1; print }'
ps -o pid,comm | awk '$1 == 1 { print $2 }'
ps -o pid,args | awk '$1 == 1 { $1 = ""; print }'
# (until the child has exec'd sleep and sleeps: busybox re-execs itself first)
sleep 100 & p=$!; i=0
while [ $i -lt 200 ] && [ "$(ps -o pid,stat,comm | awk -v p=$p '$1 == p { print $2, $3 }')" != "S sleep" ]; do
	i=$((i + 1)); sleep 0.01
done
ps -o pid,stat,comm | awk -v p=$p '$1 == p { print $2, $3 }'; kill $p; wait $p 2>/dev/null
echo "== meminfo"
grep -q '^MemTotal:' /proc/meminfo && echo "meminfo has MemTotal"
grep -E '^(MemTotal|MemFree|SwapTotal):' /proc/meminfo | awk '{ print $1, $3 }'
echo "== smaps"
# Debian's busybox has no pmap applet: the same read by hand. The figures
# of the shell's own mappings depend on the kernel, their relations do not.
awk '/^Rss:/ { r += $2 } /^Pss:/ { p += $2 } /^Size:/ { s += $2 }
	END { print (p > 0 && p <= r && r <= s) ? "summed: 0 < Pss <= Rss <= Size" : "s=" s " r=" r " p=" p }' /proc/self/smaps
sh -c 'a=$(grep -c "^VmFlags:" /proc/$$/smaps); b=$(grep -c . /proc/$$/maps); [ "$a" = "$b" ] && echo "one smaps block per maps line" || echo "$a blocks, $b lines"'
awk '/\[stack\]$/ { s = 1; next } s && /^Rss:/ { print ($2 > 0) ? "the stack is resident" : "stack Rss " $2; exit }' /proc/self/smaps
sed -n 2p /proc/self/smaps | awk '{ print $1, $3 }'
