// noioctl PROGRAM [ARG...]: run PROGRAM as on a kernel without the nsfs
// ioctls (Linux before 4.9): a seccomp filter makes every ioctl numbered
// 0xb701..0xb7ff (NS_GET_USERNS, NS_GET_PARENT, NS_GET_NSTYPE, ...) fail
// with ENOTTY, the error such a kernel gives.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xb701, 0, 1),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0xb7ff, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOTTY),
	};
	struct sock_fprog prog = {sizeof(f) / sizeof(f[0]), f};

	if (argc < 2)
		return 2;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("noioctl: seccomp");
		return 1;
	}
	execvp(argv[1], argv + 1);
	perror("noioctl: exec");
	return 127;
}
