// The pre-runtime stage's shared declarations (see stage.c).
#ifndef NSBOX_STAGE_H
#define NSBOX_STAGE_H

#include <stdint.h>

// plan_value returns the value of key in the plan this process was handed
// (NULL: no such key, or no valid plan).
const char *plan_value(const char *key);

// The recipes that run on a plan (the Go side asked for them).
void join_run(const char *data);            // join.c: nsenter's setns calls
void unshare_stage_run(const char *data);   // unshare.c: unshare's in-place user/time namespaces

// fast_path does the commonest command lines whole (fastpath.c); it
// returns when Go must take over.
void fast_path(const char *applet, char **args);

// find_program is enter.LookPath (program.c): 0 and the file in buf, or
// ENOENT or EACCES.
int find_program(const char *name, char *buf, size_t size);

// exec_file is enter.Exec (program.c): execve, and a file without #! run
// by /bin/sh; it returns the errno when nothing ran.
int exec_file(const char *path, char **argv);

// child_run is unshare's --fork child (child.c): argv is the program's.
// It never returns.
void child_run(char **argv);

extern char **environ;

#endif
