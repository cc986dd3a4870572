package netns

import (
	"runtime"

	"nsbox/applets/applet"
	"nsbox/nslib/enter"
)

// exitNow ends the whole run at once, a batch included: iproute2's exit()
// inside a handler, as opposed to a returned failure.
type exitNow int

func (e exitNow) Error() string { return applet.ExitCode(e).Error() }
func (e exitNow) Unwrap() error { return applet.ExitCode(e) }

// exec runs a command inside a named namespace. One name outside a batch:
// the process itself switches and execs (same PID, the command's own exit
// status and signals). -all or batch: a child per run, waited for.
func (c *cmd) exec(args []string) error {
	if c.all {
		return c.execAll(args)
	}
	if len(args) < 1 {
		return c.fail(1, "No netns name specified")
	}
	if len(args) < 2 {
		return c.fail(1, "No command specified")
	}
	name, argv := args[0], args[1:]
	if c.inBatch {
		return c.execForked(name, argv)
	}
	c.out.Flush()
	runtime.LockOSThread() // never unlocked: this thread becomes the command
	if err := c.run.EnterNetnsForExec(name); err != nil {
		return c.fail(255, "%s", err.Error())
	}
	err := enter.Execvp(argv)
	return c.fail(1, "%s", err.Error())
}

// execForked runs argv in name in a child; a child killed by a signal ends
// the run at once with status 1, as in iproute2.
func (c *cmd) execForked(name string, argv []string) error {
	c.out.Flush()
	ws, err := c.run.RunInNetns(name, argv, c.io.In, c.io.Out, c.io.Err)
	if err != nil {
		return c.fail(1, "%s", err.Error())
	}
	if ws.Signaled() {
		return exitNow(1)
	}
	if ws.ExitStatus() != 0 {
		return applet.ExitCode(ws.ExitStatus())
	}
	return nil
}

// execAll runs argv in every named namespace in readdir order, each after
// a "\nnetns: NAME\n" header. Exit statuses are ignored, as in iproute2.
func (c *cmd) execAll(argv []string) error {
	if len(argv) < 1 {
		return c.fail(1, "No command specified")
	}
	names, err := c.allNames()
	if err != nil {
		return err
	}
	for _, n := range names {
		// Unchecked, as in iproute2: -all exec ends with status 0 whatever
		// happens, and `set -e` scripts rely on that.
		c.out.Flush()
		c.io.Out.WriteString("\nnetns: " + n + "\n")
		if err := c.execForked(n, argv); err != nil {
			if _, fatal := err.(exitNow); fatal {
				return err
			}
		}
	}
	return nil
}
