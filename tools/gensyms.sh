#!/bin/sh
# Write the .ksyms assembly for kernel/ksyms.c from an ELF's function symbols.
# Usage: gensyms.sh NM ELF > ksyms.S   (ELF "-" writes an empty table)
set -e
nm_cmd=$1
elf=$2
{
	if [ "$elf" != "-" ]; then
		"$nm_cmd" -n "$elf" | awk '$2 ~ /^[tTwW]$/ && $3 !~ /^\./ { print $1, $3 }'
	fi
} | awk '
BEGIN { n = 0 }
{ addr[n] = $1; name[n] = $2; n++ }
END {
	print "\t.section .note.GNU-stack, \"\", @progbits"
	print "\t.section .ksyms, \"a\""
	print "\t.align 4"
	print "\t.globl ksyms_count, ksyms_addrs, ksyms_name_offsets, ksyms_names"
	print "ksyms_count:\t.long " n
	print "ksyms_addrs:"
	for (i = 0; i < n; i++) print "\t.long 0x" addr[i]
	print "\t.long __text_end"
	print "ksyms_name_offsets:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "ksyms_names:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}'
