//go:build cgo

// Finding and running the program, for the fast path and the --fork child:
// the C twin of enter.LookPath and enter.Exec (glibc execvp's rules). The
// fast-path tests and TestChildRoutes compare the two.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stage.h"

int find_program(const char *name, char *buf, size_t size)
{
	const char *dirs = getenv("PATH"), *d, *end;
	int denied = 0;
	if (!*name)
		return ENOENT; // execvp(3) of "": no PATH search
	if (strchr(name, '/')) {
		if (strlen(name) >= size)
			return ENAMETOOLONG;
		strcpy(buf, name);
		return 0;
	}
	if (!dirs)
		dirs = "/bin:/usr/bin"; // glibc's default (confstr _CS_PATH)
	for (d = dirs;; d = end + 1) {
		end = strchrnul(d, ':');
		size_t dl = end == d ? 1 : (size_t)(end - d), nl = strlen(name);
		if (dl + nl + 2 <= size) {
			memcpy(buf, end == d ? "." : d, dl);
			buf[dl] = '/';
			memcpy(buf + dl + 1, name, nl + 1);
			struct stat st;
			int err = stat(buf, &st) ? errno : 0;
			if (!err && S_ISREG(st.st_mode) && faccessat(AT_FDCWD, buf, X_OK, AT_EACCESS) == 0)
				return 0;
			if (!err || err == EACCES)
				denied = 1;
		}
		if (!*end)
			break;
	}
	return denied ? EACCES : ENOENT;
}

int exec_file(const char *path, char **argv)
{
	execve(path, argv, environ);
	if (errno != ENOEXEC)
		return errno;
	// execvp(3) runs a file without #! through the shell.
	int n = 0;
	while (argv[n])
		n++;
	char **sh = calloc(n + 2, sizeof(*sh));
	if (!sh)
		return ENOMEM;
	sh[0] = "/bin/sh";
	sh[1] = (char *)path;
	for (int i = 1; i < n; i++)
		sh[i + 1] = argv[i];
	execve("/bin/sh", sh, environ);
	int err = errno;
	free(sh);
	return err;
}
