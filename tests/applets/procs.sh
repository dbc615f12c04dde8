# Processes as the shell drives them: background jobs and wait statuses,
# kill, trap, sleep, subshells, pipes, redirections, here-documents, xargs,
# env, nice. Only statuses and texts are printed, never pids or times.
echo "== wait statuses"
sh -c 'exit 0'; echo "exit 0: $?"
sh -c 'exit 7'; echo "exit 7: $?"
sh -c 'exit 300'; echo "exit 300: $?"
sh -c 'kill -TERM $$'; echo "self TERM: $?"
sh -c 'kill -KILL $$'; echo "self KILL: $?"
sh -c 'kill -SEGV $$'; echo "self SEGV: $?"
false; echo "false: $?"; true; echo "true: $?"; ! true; echo "! true: $?"
missing-command 2>/dev/null; echo "not found: $?"
/applets 2>/dev/null; echo "a directory: $?"
# (The shell's "Terminated" notes for killed jobs depend on when it reaps them: hidden.)
echo "== background jobs"
sleep 0.01 & p=$!; wait $p; echo "wait sleep: $?"
(exit 5) & wait $!; echo "wait (exit 5): $?"
sleep 10 & p=$!; kill $p; wait $p 2>/dev/null; echo "killed sleep: $?"
# (not kill -INT of a background job: it ignores SIGINT only once its shell got that far)
sh -c 'kill -INT $$'; echo "self INT: $?"
sleep 10 & p=$!; kill -USR1 $p; wait $p 2>/dev/null; echo "USR1 sleep: $?"
sleep 10 & p=$!; kill -STOP $p; kill -CONT $p; kill $p; wait $p 2>/dev/null; echo "STOP CONT TERM: $?"
sh -c 'sleep 0.05; exit 3' & sh -c 'exit 4' & wait; echo "wait all: $?"
kill -0 $$; echo "kill -0 self: $?"
kill 999999 2>&1; echo "kill no such pid: $?"
kill -l 9; kill -l 15; kill -l TERM
echo "== trap"
trap 'echo got USR1' USR1; kill -USR1 $$; trap - USR1
sh -c 'trap "echo caught TERM; exit 9" TERM; kill -TERM $$; sleep 5'; echo "trap TERM: $?"
sh -c 'trap "echo on exit" EXIT; echo body'
sh -c 'trap "" INT; kill -INT $$; echo INT ignored'
sh -c 'trap "echo child got HUP" HUP; sleep 10 & p=$!; kill -HUP $$; kill $p; wait $p 2>/dev/null; echo "inner wait: $?"'
echo "== sleep"; sleep 0; echo "sleep 0: $?"; sleep 0.001; echo "sleep 0.001: $?"; sleep x 2>&1; echo "sleep x: $?"
timeout 1 sleep 5; echo "timeout: $?"; timeout 5 true; echo "timeout true: $?"
echo "== subshells"
x=1; (x=2; echo "inside $x"); echo "outside $x"
(cd /; pwd); pwd | sed 's|.*/||'
(exit 3); echo "subshell exit: $?"
{ echo grouped; echo twice; } | wc -l
echo "$(echo a; exit 4)" $?
echo "== pipes"
echo hello | cat | cat | tr h H
seq 1 10000 | wc -l
seq 1 100000 | tail -1
yes | head -3
yes abcdefghij | head -c 200000 | wc -c
false | true; echo "false | true: $?"; true | false; echo "true | false: $?"
sh -c 'echo closed early; exec >&-; sleep 0' | cat
echo "== redirection"
echo one > r; echo two >> r; cat r; wc -l < r
echo err 2>&1 >/dev/null; ls /missing 2> e; sed 's/ls: //' e
exec 3> fd3; echo "to fd 3" >&3; exec 3>&-; cat fd3
exec 4< r; read -r l <&4; echo "read fd 4: $l"; exec 4<&-
echo x > /dev/null; echo "to /dev/null: $?"; cat < /dev/null | wc -c
echo data > ro; chmod 444 ro; echo "root writes 0444: $(echo more >> ro && echo yes)"
sh -c ": > /missing/dir/f" 2>/dev/null; echo "into missing dir: $?"
set -C; echo x > r 2>/dev/null; echo "noclobber: $?"; set +C
echo "== here-documents"
cat <<END
expanded $((1 + 1)) $(echo cmd)
END
cat <<'END'
not expanded $x
END
cat <<-END
	tabs stripped
	END
tr a-z A-Z <<END | cat
piped heredoc
END
echo "== xargs"
seq 1 10 | xargs echo; seq 1 10 | xargs -n 3 echo; printf 'a b\nc\n' | xargs -I{} echo '<{}>'
printf 'x\0y z\0' | xargs -0 -n1 echo; echo | xargs echo empty; seq 5 | xargs sh -c 'exit 0'; echo "xargs: $?"
seq 2 | xargs sh -c 'exit 1'; echo "xargs child 1: $?"
echo "== env"
env -i A=1 B=2 env | sort; env -i /bin/sh -c 'echo "PATH=[$PATH]"' | head -1
X=exported env | grep '^X='; env -u HOME sh -c 'echo "HOME=[${HOME}]"'
env -i FOO=bar sh -c 'echo $FOO'; env missing-cmd 2>&1; echo "env missing: $?"
echo "== renice"
# busybox has no nice applet: renice, and the nice value in /proc/PID/stat (field 19).
nv() { sh -c 'cut -d" " -f19 /proc/$$/stat'; }
echo "nice $(nv)"
sh -c 'renice -n 5 -p $$ >/dev/null; echo "renice 5: $?"; cut -d" " -f19 /proc/$$/stat; renice -n 3 -p $$ >/dev/null; cut -d" " -f19 /proc/$$/stat; sh -c "cut -d\" \" -f19 /proc/\$\$/stat"'
sh -c 'renice -n 100 -p $$ >/dev/null; cut -d" " -f19 /proc/$$/stat'
sh -c 'renice -n -100 -p $$ >/dev/null; cut -d" " -f19 /proc/$$/stat'
renice -n 1 -p 999999 2>&1; echo "renice no such pid: $?"
