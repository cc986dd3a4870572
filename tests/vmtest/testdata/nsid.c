/* nsid FILE: the 64-bit id (ioctl NS_GET_ID) of the namespace FILE is,
 * what nsenter -n:ID takes. Built static against musl for the
 * namespace-id test VM. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>

#define NS_GET_ID 0x8008b70d /* _IOR(0xb7, 0xd, __u64) */

int main(int argc, char **argv)
{
	uint64_t id;
	int fd;

	if (argc != 2) {
		fputs("usage: nsid FILE\n", stderr);
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, NS_GET_ID, &id) < 0) {
		perror(argv[1]);
		return 1;
	}
	printf("%llu\n", (unsigned long long)id);
	return 0;
}
