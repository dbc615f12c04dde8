# The shell's own words and the small text applets: printf, echo, expr,
# seq, test, [ ], variables, arithmetic, case, loops, functions.
echo "== printf"
printf '%s|%5s|%-5s|%d|%05d|%x|%X|%o|%c|%%\n' abc de fg 42 42 255 255 8 xyz
printf '%.3s|%3.1f|%e|%g\n' abcdef 3.14159 12345.678 0.0001
printf 'a\tb\\n\n'; printf '%b\n' 'x\ty'; printf '%s\n' one two three
printf '%d\n' 0x1f 010 -5; printf '%d\n' abc; echo "printf bad number: $?"
echo "== echo"; echo -n 'no newline'; echo; echo -e 'tab\there'; echo a   b
echo "== expr"
expr 1 + 2; expr 10 / 3; expr 10 % 3; expr 2 \* 21; expr 5 \> 3; expr abc : 'a\(.\)'
expr length hello; expr substr hello 2 3; expr index hello l; expr 0 + 0; echo "expr 0: $?"
expr 1 / 0; echo "expr 1/0: $?"
echo "== seq"; seq 5 | tr '\n' ' '; echo; seq 2 3 11 | tr '\n' ' '; echo; seq 3 -1 1 | tr '\n' ' '; echo
seq -s , 4; seq -w 8 10 | tr '\n' ' '; echo
echo "== test"
for e in '1 -eq 1' '1 -lt 2' '3 -le 2' 'abc = abc' 'abc != abc' '-z ""' '-n x' \
	'-d /' '-f /' '-e /missing' '-x /bin/busybox' '-L /bin/sh' '-r /applets/run' \
	'-s /applets/run' '! -d /bin' '-d / -a -d /bin' '-f / -o -d /'; do
	eval "test $e" && echo "test $e: true" || echo "test $e: false"
done
[ 2 -gt 1 ] && echo "[ ]: true"; [[ abc == a* ]] && echo "[[ ]]: true"
test 1 -eq x; echo "test bad number: $?"
echo "== arithmetic"; echo $((7 * 6)) $((7 / 2)) $((7 % 3)) $((1 << 10)) $((0x10)) $((-3 + 1)) $((2 ** 8))
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo "while: $i"
for w in a b c; do printf %s "$w"; done; echo
echo "== variables"
v='a b c'; set -- $v; echo "$# $2"; echo "${v#a }" "${v%% *}" "${#v}" "${u:-default}" "${v/b/B}"
f() { local x=inner; echo "f: $1 $x"; return 3; }; x=outer; f arg; echo "f status $? x $x"
case foo.tar.gz in *.gz) echo "case: gz" ;; *) echo "case: other" ;; esac
read a b <<'END'
first second third
END
echo "read: [$a] [$b]"
IFS=: read -r x y <<'END'
p:q:r
END
echo "IFS read: $x $y"
echo "== command substitution"; n=$(echo inner $(echo nested)); echo "$n"; echo "`echo backquote`"
