# Limits and the environment a program starts with: ulimit (getrlimit /
# setrlimit), the argument space exec allows (xargs sizes its commands by
# it), umask, cd -P through links, date and cal on fixed dates (no clock),
# big pipes and sorts.
echo "== ulimit"
# The process-count limits (-u, -i) are worked out from the RAM by each kernel: their form only.
ulimit -a | sed 's/  */ /g; s/^\(pending signals\|max user processes\)\(.*\) [0-9][0-9]*$/\1\2 N/'
ulimit -n 64; ulimit -n; sh -c 'ulimit -n'
ulimit -S -s 4096; ulimit -s; sh -c 'ulimit -s'
(ulimit -n 3; ls / >/dev/null 2>&1; echo "ls with 3 fds: $?")
sh -c 'ulimit -f 2; exec dd if=/dev/zero of=fz bs=1024 count=4 2>/dev/null'; echo "dd past RLIMIT_FSIZE: $?"; stat -c %s fz
sh -c 'trap "" XFSZ; ulimit -f 2; exec dd if=/dev/zero of=fz2 bs=1024 count=4' 2>&1; echo "XFSZ ignored: $?"; stat -c %s fz2
sh -c 'trap "" XFSZ; ulimit -f 2; truncate -s 1024 tz && echo "truncate to the limit: ok"; truncate -s 1025 tz; echo "truncate past it: $?"' 2>&1
sh -c 'ulimit -f 2; printf abc >> fz; echo "append at the limit: $?"'; stat -c %s fz
echo "== exec argument space"
seq 1 20000 | xargs echo | wc -l
seq 1 5000 | xargs -s 2000 echo | wc -l
big=$(head -c 100000 /dev/zero | tr '\0' a); /bin/echo "$big" | wc -c
big=$(head -c 200000 /dev/zero | tr '\0' a); /bin/echo "$big" 2>&1; echo "one 200000-byte argument: $?"
env -i A="$(head -c 50000 /dev/zero | tr '\0' b)" /bin/sh -c 'echo ${#A}'
echo "== umask"
umask; umask 077; : > u1; mkdir u2; stat -c '%a' u1 u2; umask 022; : > u3; stat -c %a u3; umask -S
echo "== cd and pwd"
mkdir -p real/sub; ln -s real/sub link; cd link; pwd | sed 's|.*/applets/||'; pwd -P | sed 's|.*/applets/||'
cd ..; pwd | sed 's|.*/applets|.|'; cd -P link/..; pwd | sed 's|.*/applets|.|'; cd /tmp/applets
echo "== date cal"
date -u -d @0; date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %a %j'; date -u -d '2020-02-29 12:00' +%s
TZ=UTC0 date -d @86399 +%T; cal 2 2024 | sed 's/ *$//'
echo "== big pipes and sorts"
seq 1 20000 | sort -rn | head -3; seq 1 20000 | sort -rn | tail -1
seq 1 100000 | md5sum; seq 1 20000 | tac 2>/dev/null | head -1
head -c 1000000 /dev/zero | tr '\0' x | wc -c; yes 0123456789 | head -n 20000 | sort -u
seq 20000 > s.txt; sort -r s.txt > r.txt; sort -n r.txt | cmp - s.txt && echo "reversed and sorted back"
awk 'BEGIN { for (i = 0; i < 20000; i++) s += i; print s }'
