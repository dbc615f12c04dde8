/* The freestanding string and memory routines; GCC may emit calls to the mem* ones. */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include "kernel/types.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
size_t strlcpy(char *dst, const char *src, size_t size);
/* Parse an unsigned number in base 0 (auto: 0x, 0), 8, 10 or 16; *end gets the stop point. */
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base);
u32 crc32(u32 crc, const void *buf, size_t len);

#endif
