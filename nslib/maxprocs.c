//go:build cgo

// Start the Go runtime with one P. Every applet is a short, mostly
// sequential command; with the default (one P per CPU) the runtime starts
// spinning threads for its own background goroutines at start-up, and a
// later execve has to kill them all. GOMAXPROCS is read by the runtime
// before any Go code runs, so only a constructor can set it; nslib removes
// it again from the environment (maxprocs_cgo.go) so that it never reaches
// a program nsbox runs, and code that can use more CPUs asks for them
// (MoreProcs). A GOMAXPROCS the caller set is left alone.
#include <stdlib.h>

int nsbox_maxprocs_set;

__attribute__((constructor)) static void nsbox_one_proc(void)
{
	if (getenv("GOMAXPROCS") == NULL && setenv("GOMAXPROCS", "1", 1) == 0)
		nsbox_maxprocs_set = 1;
}
