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

// applet_args finds the applet argv names (fastpath.c): *applet is its
// name ("nsbox" for the bare multicall name), the result the words after
// it; NULL when argv names none (a Go test binary linking nslib, say).
char **applet_args(const char **applet);

// fast_path does the commonest command lines whole (fastpath.c); it
// returns when Go must take over.
void fast_path(const char *applet, char **args);

extern char **environ;

#endif
