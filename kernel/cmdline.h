/*
 * The kernel command line: space-separated `key` or `key=value` words, as
 * GRUB passes them. Parsed once at boot into a small table; lookups return
 * the value ("" for a bare key) or NULL when the key is absent.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "kernel/types.h"

#define CMDLINE_MAX_PARAMS 32

/* Parse `line` (copied); returns the number of parameters, or -1 if there were too many. */
int cmdline_parse(const char *line);
const char *cmdline_get(const char *key);
bool cmdline_has(const char *key);
/*
 * `NNN[KMG]` (decimal, 0x hex or 0 octal) as bytes into *out: 0, or -1 when
 * s is NULL, empty, malformed or too large for 64 bits (then *out is untouched).
 */
int cmdline_parse_size(const char *s, u64 *out);
/* `key=NNN[KMG]` as bytes; def when absent, malformed or too large. */
u64 cmdline_get_size(const char *key, u64 def);
unsigned int cmdline_count(void);
/* Is `word` one of the comma-separated items of `list` ("a,b,c")? */
bool cmdline_list_contains(const char *list, const char *word, size_t word_len);
const char *cmdline_raw(void);

#endif
