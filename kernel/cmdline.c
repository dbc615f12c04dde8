/*
 * Command-line parsing (kernel/cmdline.h). The line is copied into a static
 * buffer and split in place; a quoted value ("a b") may contain spaces.
 * Later occurrences of a key override earlier ones, as on Linux.
 */
#include "kernel/cmdline.h"
#include "kernel/string.h"

static char buf[512];
static char raw[512];
static struct {
	const char *key, *value;
} params[CMDLINE_MAX_PARAMS];
static unsigned int nparams;

static char *skip_spaces(char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

/* Cut one word at p; returns where the next one may start. */
static char *cut_word(char *p, char **value)
{
	bool quoted = false;

	*value = NULL;
	for (; *p; p++) {
		if (*p == '"') {
			quoted = !quoted;
			memmove(p, p + 1, strlen(p)); /* drop the quote */
			p--;
			continue;
		}
		if (!quoted && (*p == ' ' || *p == '\t' || *p == '\n'))
			break;
		if (*p == '=' && !*value) {
			*p = 0;
			*value = p + 1;
		}
	}
	if (*p)
		*p++ = 0;
	return p;
}

int cmdline_parse(const char *line)
{
	char *p;
	int overflow = 0;

	strlcpy(raw, line ? line : "", sizeof(raw));
	strlcpy(buf, raw, sizeof(buf));
	nparams = 0;
	p = skip_spaces(buf);
	while (*p) {
		char *key = p, *value;

		p = skip_spaces(cut_word(p, &value));
		if (nparams == CMDLINE_MAX_PARAMS) {
			overflow = 1;
			continue;
		}
		params[nparams].key = key;
		params[nparams].value = value ? value : "";
		nparams++;
	}
	return overflow ? -1 : (int)nparams;
}

const char *cmdline_get(const char *key)
{
	for (int i = nparams - 1; i >= 0; i--)
		if (!strcmp(params[i].key, key))
			return params[i].value;
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}

static int size_digit(char c, unsigned int base)
{
	int d = c >= '0' && c <= '9' ? c - '0'
		: c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;

	return d < (int)base ? d : -1;
}

/*
 * NNN[KMG] in decimal, 0x hex or 0 octal, as bytes. Every step is checked
 * for overflow: a value that does not fit in 64 bits (digits or suffix) is
 * refused exactly like a malformed one, never wrapped.
 */
int cmdline_parse_size(const char *s, u64 *out)
{
	unsigned int base = 10, shift = 0;
	u64 n = 0;
	int d;

	if (!s || !*s)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	if (size_digit(*s, base) < 0)
		return -1; /* "0x" alone, "M", "-1", ... */
	for (; (d = size_digit(*s, base)) >= 0; s++)
		if (__builtin_mul_overflow(n, (u64)base, &n) || __builtin_add_overflow(n, (u64)d, &n))
			return -1;
	switch (*s) {
	case 'G':
	case 'g':
		shift = 30;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'K':
	case 'k':
		shift = 10;
		break;
	}
	if (shift) {
		if (n > (~0ULL >> shift))
			return -1;
		n <<= shift;
		s++;
	}
	if (*s)
		return -1;
	*out = n;
	return 0;
}

u64 cmdline_get_size(const char *key, u64 def)
{
	u64 n;

	return cmdline_parse_size(cmdline_get(key), &n) ? def : n;
}

bool cmdline_list_contains(const char *list, const char *word, size_t word_len)
{
	while (list && *list) {
		const char *comma = strchr(list, ',');
		size_t n = comma ? (size_t)(comma - list) : strlen(list);

		if (n == word_len && !strncmp(list, word, n))
			return true;
		list += n + (comma ? 1 : 0);
	}
	return false;
}

unsigned int cmdline_count(void)
{
	return nparams;
}

const char *cmdline_raw(void)
{
	return raw;
}
