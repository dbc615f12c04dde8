# Text filters on files and pipes: wc, sort, uniq, cut, tr, sed, awk, grep,
# head, tail, od, md5sum, sha1sum, cmp, diff.
cat > in.txt <<'END'
banana 3 yellow
apple 10 red
cherry 7 red
apple 10 red
date 1 brown
elderberry 22 purple
banana 3 yellow
END
printf 'one\ntwo\nthree\n' > a.txt
printf 'one\n2\nthree\nfour\n' > b.txt
echo "== wc"; wc in.txt; wc -l < in.txt; wc -w -c in.txt; printf 'no newline' | wc
echo "== sort"; sort in.txt; sort -r in.txt | head -2; sort -n -k2 in.txt; sort -u in.txt
sort -t ' ' -k3,3 -k1,1 in.txt; sort -c in.txt; echo "sort -c: $?"
printf '10\n9\n100\n-1\n' | sort -n | tr '\n' ' '; echo
echo "== uniq"; sort in.txt | uniq; sort in.txt | uniq -c; sort in.txt | uniq -d; sort in.txt | uniq -u
echo "== cut"; cut -d ' ' -f1,3 in.txt; cut -c1-3 in.txt | head -3; echo 'a:b:c:d' | cut -d: -f2-
echo "== tr"; echo 'Hello, World' | tr a-z A-Z; echo 'hello' | tr -d l; echo 'aaabbbccc' | tr -s abc
echo 'a b  c' | tr ' ' '\n' | wc -l; printf 'x\ty\n' | tr '\t' ,
echo "== sed"; sed 's/red/RED/' in.txt | head -3; sed -n '2,4p' in.txt; sed '/apple/d' in.txt
sed -e 's/\([a-z]*\) \([0-9]*\).*/\2 \1/' in.txt | head -2; sed '$!d' in.txt; sed = a.txt
cp a.txt s.txt; sed -i 's/two/TWO/' s.txt; cat s.txt; sed 'y/abc/xyz/' <<'END'
aabbcc
END
echo "== awk"; awk '{ s += $2 } END { print s, NR }' in.txt
awk -F' ' '$3 == "red" { print $1 }' in.txt; awk 'BEGIN { printf "%5.2f|%-4s|%x\n", 3.14159, "ab", 255 }'
awk '{ c[$1]++ } END { n = 0; for (k in c) n++; print n }' in.txt
awk 'BEGIN { print length("hello"), substr("hello", 2, 3), index("hello", "l"), toupper("x") }'
awk 'BEGIN { split("a:b:c", p, ":"); print p[3]; x = "aXbXc"; gsub("X", "-", x); print x }'
awk 'BEGIN { print 7 / 2, int(7 / 2), 2 ^ 10, 10 % 3 }'
echo "== grep"; grep apple in.txt; grep -c red in.txt; grep -v red in.txt; grep -n cherry in.txt
grep -i APPLE in.txt | head -1; grep -E 'ap+le|date' in.txt; grep -w 'app' in.txt; echo "grep nomatch: $?"
grep -l red in.txt a.txt; grep -o '[0-9][0-9]*' in.txt | tr '\n' ' '; echo; grep -q banana in.txt; echo "grep -q: $?"
grep x missing.txt; echo "grep missing: $?"
echo "== head tail"; head -2 in.txt; tail -2 in.txt; tail -n +6 in.txt; head -c 10 in.txt; echo
tail -c 8 in.txt; seq 1 100 | tail -3 | tr '\n' ' '; echo
echo "== od"; printf 'AB\001\377\n' | od -c; printf 'ABCD' | od -x; printf '\000\001\002' | od -An -tu1
printf 'hello world' | od -A d -t x1
echo "== md5sum sha1sum"; md5sum in.txt a.txt; sha1sum in.txt; printf '' | md5sum; md5sum in.txt > sums; md5sum -c sums
sha256sum a.txt; printf 'abc' | sha1sum
echo "== cmp"; cmp a.txt a.txt; echo "cmp same: $?"; cmp a.txt b.txt; echo "cmp differ: $?"; cmp -s a.txt b.txt; echo "cmp -s: $?"
cmp a.txt missing.txt; echo "cmp missing: $?"
echo "== diff"; diff a.txt a.txt; echo "diff same: $?"; diff a.txt b.txt | grep -v '^[-+][-+][-+] '; echo "diff: $?"
diff -u a.txt b.txt | sed 1,2d; mkdir d1 d2; cp a.txt d1/x; cp b.txt d2/x; diff -r d1 d2 | grep -v '^[-+][-+][-+] '
