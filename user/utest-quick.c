/*
 * utest-quick: init for the short runs (Bochs): execs /bin/utest-init
 * with the list /etc/utest-quick.list. No library: two raw system calls.
 * Built -nostdlib -static (see the Makefile); built again with
 * -DLIST='"/etc/utest-meta.list"' as /bin/utest-meta (the runner's test).
 */
#ifndef LIST
#define LIST "/etc/utest-quick.list"
#endif
static char path[] = "/bin/utest-init";
static char list[] = LIST;

void _start(void) __attribute__((noreturn));
void _start(void)
{
	char *argv[] = { path, list, 0 };
	char *envp[] = { 0 };
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(11), "b"(path), "c"(argv), "d"(envp) : "memory");
	__asm__ volatile("int $0x80" : : "a"(1), "b"(127));
	for (;;)
		;
}
