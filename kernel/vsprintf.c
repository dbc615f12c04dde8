/*
 * vsnprintf: the formats the kernel uses. Conversions d i u x X o p s c %,
 * length modifiers hh h l ll z, flags - 0 + space #, field width and
 * precision (also as *). %pS prints a code address as symbol+off/size.
 * Output is always NUL-terminated when size > 0; the return value is the
 * length the full output would have had, as in C99.
 */
#include "kernel/printk.h"
#include "kernel/string.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left, zero, plus, space, alt;
	int width, precision; /* precision -1: none */
};

static void put_string(struct out *o, const char *s, const struct spec *sp)
{
	int len;

	if (!s)
		s = "(null)";
	len = sp->precision >= 0 ? (int)strnlen(s, sp->precision) : (int)strlen(s);
	if (!sp->left)
		put_repeat(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		put_repeat(o, ' ', sp->width - len);
}

static void put_number(struct out *o, u64 v, bool negative, unsigned int base,
		       bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len = 0, zeros, pad;
	char prefix[3];

	if (negative)
		prefix[prefix_len++] = '-';
	else if (sp->plus)
		prefix[prefix_len++] = '+';
	else if (sp->space)
		prefix[prefix_len++] = ' ';
	if (sp->alt && v && base == 16) {
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = upper ? 'X' : 'x';
	}
	if (base == 10 && v <= 0xffffffffu) {
		/* 32-bit division is cheaper, and most numbers fit */
		u32 w = (u32)v;
		do {
			tmp[n++] = digits[w % 10];
			w /= 10;
		} while (w);
	} else {
		do {
			tmp[n++] = digits[v % base];
			v /= base;
		} while (v);
	}
	if (sp->precision == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	zeros = sp->precision > n ? sp->precision - n : 0;
	if (sp->alt && base == 8 && !zeros && (n == 0 || tmp[n - 1] != '0'))
		zeros = 1; /* '#' with octal: the first digit printed is a 0 */
	pad = sp->width - prefix_len - zeros - n;
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		put_repeat(o, ' ', pad);
	for (int i = 0; i < prefix_len; i++)
		put(o, prefix[i]);
	put_repeat(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		put_repeat(o, ' ', pad);
}

static void put_symbol(struct out *o, unsigned long addr, const struct spec *sp)
{
	unsigned long off, size;
	const char *name = ksym_lookup(addr, &off, &size);
	char tmp[96];

	if (name)
		snprintf(tmp, sizeof(tmp), "%s+0x%lx/0x%lx", name, off, size);
	else
		snprintf(tmp, sizeof(tmp), "0x%08lx", addr);
	put_string(o, tmp, sp);
}

static const char *parse_int(const char *f, int *v)
{
	*v = 0;
	while (*f >= '0' && *f <= '9')
		*v = *v * 10 + (*f++ - '0');
	return f;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (const char *f = fmt; *f; f++) {
		struct spec sp = { .precision = -1 };
		int lmod = 0; /* -2 hh, -1 h, 1 l, 2 ll */
		u64 uv;
		s64 sv;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		for (;;) {
			char c = *++f;
			if (c == '-')
				sp.left = true;
			else if (c == '0')
				sp.zero = true;
			else if (c == '+')
				sp.plus = true;
			else if (c == ' ')
				sp.space = true;
			else if (c == '#')
				sp.alt = true;
			else
				break;
		}
		if (*f == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			f++;
		} else {
			f = parse_int(f, &sp.width);
		}
		if (*f == '.') {
			f++;
			if (*f == '*') {
				sp.precision = va_arg(ap, int);
				f++;
			} else {
				f = parse_int(f, &sp.precision);
			}
		}
		for (;; f++) {
			if (*f == 'l')
				lmod++;
			else if (*f == 'h')
				lmod--;
			else if (*f == 'z')
				lmod = 1;
			else
				break;
		}
		switch (*f) {
		case 'd':
		case 'i':
			if (lmod >= 2)
				sv = va_arg(ap, s64);
			else if (lmod == 1)
				sv = va_arg(ap, long);
			else
				sv = va_arg(ap, int);
			if (lmod == -1)
				sv = (short)sv;
			else if (lmod == -2)
				sv = (signed char)sv;
			put_number(&o, sv < 0 ? -(u64)sv : (u64)sv, sv < 0, 10, false, &sp);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lmod >= 2)
				uv = va_arg(ap, u64);
			else if (lmod == 1)
				uv = va_arg(ap, unsigned long);
			else
				uv = va_arg(ap, unsigned int);
			if (lmod == -1)
				uv = (u16)uv;
			else if (lmod == -2)
				uv = (u8)uv;
			put_number(&o, uv, false, *f == 'u' ? 10 : *f == 'o' ? 8 : 16, *f == 'X', &sp);
			break;
		case 'p':
			if (f[1] == 'S') {
				f++;
				put_symbol(&o, (unsigned long)va_arg(ap, void *), &sp);
				break;
			}
			sp.alt = true;
			put_number(&o, (unsigned long)va_arg(ap, void *), false, 16, false, &sp);
			break;
		case 's':
			put_string(&o, va_arg(ap, const char *), &sp);
			break;
		case 'c':
			put_repeat(&o, ' ', sp.left ? 0 : sp.width - 1);
			put(&o, (char)va_arg(ap, int));
			put_repeat(&o, ' ', sp.left ? sp.width - 1 : 0);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			f--; /* a lone % at the end: stop */
			break;
		default:
			put(&o, '%');
			put(&o, *f);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
