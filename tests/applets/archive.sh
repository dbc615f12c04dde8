# tar (create, list, extract), gzip/gunzip/zcat, dd. Files get fixed times
# first and tar is given its files by name (not a directory, whose readdir
# order is the filesystem's), so the archives are the same bytes on both
# kernels: their checksums are printed.
T='2021-05-06 07:08:09'
mkdir -p src/sub
printf 'first file\n' > src/one
seq 1 2000 > src/sub/numbers
dd if=/dev/zero of=src/sub/zeros bs=512 count=9 2>/dev/null
ln -s one src/link
chmod 640 src/one
find src | sort -r | while read -r p; do touch -h -d "$T" "$p"; done
echo "== tar create + list"
tar cf a.tar src/one src/sub/numbers src/sub/zeros src/link; echo "tar c: $?"
md5sum a.tar | cut -d' ' -f1; stat -c '%s' a.tar
tar tf a.tar; tar tvf a.tar
echo "== tar extract"
mkdir out && tar xf a.tar -C out; echo "tar x: $?"
find out | sort; cmp src/sub/numbers out/src/sub/numbers && echo "numbers intact"
stat -c '%n %a %Y' out/src/one out/src/sub/numbers; readlink out/src/link
tar xf a.tar -C out src/one; echo "tar x again: $?"
tar tf missing.tar; echo "tar missing: $?"
echo "== tar with gzip"
tar czf a.tgz src/one src/sub/numbers; tar tzf a.tgz; mkdir out2; tar xzf a.tgz -C out2; md5sum out2/src/sub/numbers | cut -d' ' -f1
echo "== gzip"
cp src/sub/numbers n.txt; touch -d "$T" n.txt
gzip n.txt; ls n.txt* ; md5sum n.txt.gz | cut -d' ' -f1; stat -c '%s' n.txt.gz
gzip -t n.txt.gz; echo "gzip -t: $?"; zcat n.txt.gz | tail -1
gunzip n.txt.gz; ls n.txt*; md5sum n.txt | cut -d' ' -f1
gzip -9 -c n.txt | gunzip -c | cmp - n.txt && echo "gzip -9 round trip"
printf 'not gzip' > bad.gz; gunzip bad.gz; echo "gunzip bad: $?"
echo "== dd"
dd if=src/sub/numbers of=d1 bs=100 count=3; cat d1 | wc -c
dd if=src/sub/numbers of=d2 bs=1 skip=10 count=5 2>/dev/null; cat d2; echo
dd if=/dev/zero of=d3 bs=1024 count=1 seek=4 2>&1; stat -c '%s' d3
printf 'abcdef' | dd of=d4 bs=2 conv=swab 2>&1; cat d4; echo
dd if=src/one of=d5 conv=notrunc 2>/dev/null; printf 'XY' | dd of=d5 conv=notrunc 2>/dev/null; cat d5
dd if=/dev/zero bs=4096 count=64 2>/dev/null | md5sum
dd if=missing of=d6 2>&1; echo "dd missing: $?"
