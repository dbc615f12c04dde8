# Special files and attributes: the /dev nodes (their times belong to
# whoever made them: masked), fifos, mknod, chmod/chown/chgrp, touch -r,
# truncate, sparse files, hard and long symbolic links, and the errors
# a path can give (ELOOP, ENAMETOOLONG, ENOTDIR, EACCES without x).
echo "== /dev"
for n in null zero full random urandom tty console ttyS0; do
	stat -c '%n %F %a %t %T %u %g' /dev/$n
done
ls -l /dev/null /dev/zero | awk '{ print $1, $2, $3, $4, $5, $6, $NF }'
head -c 5 /dev/zero | od -An -tx1; head -c 100 /dev/urandom | wc -c
echo x > /dev/full; echo "write /dev/full: $?"; echo gone > /dev/null; echo "write /dev/null: $?"
[ -c /dev/null ] && echo "/dev/null is a character device"; [ -t 0 ] || echo "stdin is not a tty"
echo "== fifo"
mkfifo f; stat -c '%n %F %a %s' f
(echo through the fifo > f &) ; cat f
(seq 1 20000 > f &) ; wc -l < f
mkfifo f 2>&1; echo "mkfifo existing: $?"
(sleep 0.2; echo late writer > f) & cat f; wait
exec 5<>f; echo rdwr >&5; read -r l <&5; echo "O_RDWR: $l"; exec 5<&-
sh -c 'exec 6<>f; ls -l /proc/$$/fd/6 | sed "s/.* -> //; s|.*/||"'
stat -c '%F %s' f
echo "== mknod"
mknod n c 1 3; stat -c '%n %F %t %T' n; echo discarded > n; cat n | wc -c
mknod z c 1 5; head -c 3 z | od -An -tx1
mknod b b 1 0; stat -c '%n %F %t %T' b
mknod q x 1 2 2>&1 | head -1; echo "mknod bad type: $?"
echo "== chmod chown"
: > m; chmod 640 m; stat -c '%a %A' m; chmod u+x,g-r,o+w m; stat -c '%a %A' m
chmod a=r m; stat -c '%a' m; chmod 4755 m; stat -c '%a %A' m; chmod -x m; stat -c '%a %A' m
chmod 2755 m; stat -c '%A' m; chmod 1755 m; stat -c '%A' m
chown 12:34 m; stat -c '%u %g %A' m; chgrp 56 m; stat -c '%u %g' m; chown root:root m; stat -c '%U %G' m
chmod 4755 m; chown 7 m; stat -c '%u %a' m
mkdir md; chmod 700 md; chmod -R g+rx md; stat -c '%a' md
chmod 999 m 2>&1; echo "chmod bad: $?"; chmod 644 missing 2>&1; echo "chmod missing: $?"
echo "== touch -r, truncate, sparse"
: > r1; touch -d '2019-07-08 09:10:11' r1; : > r2; touch -r r1 r2; stat -c '%Y %X' r2
touch -c nothere; [ -e nothere ] || echo "touch -c created nothing"
truncate -s 5000 t; stat -c %s t; truncate -s 10 t; stat -c %s t; od -An -c t | head -1
printf abc > t2; truncate -s 5 t2; stat -c %s t2; od -An -c t2
truncate -s 100M big; stat -c %s big; [ "$(stat -c %b big)" -lt 16 ] && echo "100M file is sparse"
tail -c 1 big | od -An -tx1; dd if=/dev/zero of=big bs=1 count=1 seek=50000000 conv=notrunc 2>/dev/null; stat -c %s big
printf end >> big; tail -c 3 big; echo
echo "== links"
echo data > h1; ln h1 h2; ln h2 h3; stat -c '%h' h1; [ "$(stat -c %i h1)" = "$(stat -c %i h3)" ] && echo "same inode"
rm h1; stat -c '%h' h2; cat h3; mv h2 h3; echo "mv over a link of itself: $?"; ls h2 h3 2>&1
mkdir ld; ln ld ld2 2>&1; echo "ln dir: $?"
t=$(printf 'x%.0s' $(seq 1 200)); ln -s "$t" long; readlink long | wc -c; stat -c %s long
ln -s short sh; stat -c %s sh
ln -s l1 l2; ln -s l2 l1; cat l1 2>&1; echo "loop: $?"
n=$(printf 'n%.0s' $(seq 1 256)); touch "$n" 2>&1 | sed 's/n\{256\}/N256/'; echo "256-char name: $?"
n=$(printf 'n%.0s' $(seq 1 255)); touch "$n"; echo "255-char name: $?"; rm "$n"
: > plain; ls plain/x 2>&1; echo "through a file: $?"; mkdir plain/d 2>&1; echo "mkdir under a file: $?"
cd plain 2>&1; echo "cd file: $?"; mkdir a/b/c 2>&1; echo "mkdir no parent: $?"
printf '#!/bin/sh\necho ran\n' > nox; chmod 644 nox; ./nox 2>&1; echo "exec without x: $?"
chmod 755 nox; ./nox; chmod 000 nox; cat nox | wc -l; echo "root reads 000: $?"
cd /; cd ..; pwd
