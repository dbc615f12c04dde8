/*
 * hello: the smallest real program; built dynamic (/bin/hello, through
 * /lib/ld-linux.so.2 and libc.so.6) and static (/bin/hello-static).
 * Prints a greeting and its arguments (after argv[0]), exits 0.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello, world\n");
	for (int i = 1; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	return 0;
}
