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

u64 cmdline_get_size(const char *key, u64 def)
{
	const char *v = cmdline_get(key), *end;
	u64 n;

	if (!v || !*v)
		return def;
	n = simple_strtoul(v, &end, 0);
	switch (*end) {
	case 'G':
	case 'g':
		n <<= 10;
		/* fall through */
	case 'M':
	case 'm':
		n <<= 10;
		/* fall through */
	case 'K':
	case 'k':
		n <<= 10;
		end++;
		break;
	}
	return *end || end == v ? def : n;
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
