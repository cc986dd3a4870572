package unshare

import (
	"path/filepath"

	"github.com/urfave/cli/v2"
	"nsbox/applets/applet"
)

// newApp is the one definition of the unshare command line (dispatch, help
// and the generated docs).
func (c *cmd) newApp() *cli.App {
	byName := func(name string) applet.Option {
		for _, o := range options {
			if o.Long == name {
				return o
			}
		}
		return applet.Option{Long: name}
	}
	var flags []cli.Flag
	for _, d := range c.optionDefs() {
		flags = append(flags, applet.NewGetoptFlag(byName(d.name), d.usage, c.stopOnError(d.set)))
	}
	flags = append(flags, applet.NewGetoptErrorFlag(func(msg string) error {
		return c.stopOnError(func(string, bool) error { return c.tryHelp(msg) })("", false)
	}))
	return &cli.App{
		Name:            "unshare",
		Usage:           "run a program with some namespaces unshared from the parent",
		UsageText:       "unshare [options] [<program> [<argument>...]]",
		HideHelp:        true,
		HideHelpCommand: true,
		HideVersion:     true,
		Writer:          c.io.Out,
		ErrWriter:       c.io.Err,
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError:    func(_ *cli.Context, err error, _ bool) error { return err },
		Flags:           flags,
		Action:          func(ctx *cli.Context) error { return c.run(ctx.Args().Slice()) },
	}
}

// stopOnError remembers the exit status an option ends the run with: the
// flag package wraps Set's error in text of its own.
func (c *cmd) stopOnError(set func(string, bool) error) func(string, bool) error {
	return func(arg string, has bool) error {
		err := set(arg, has)
		if code, ok := err.(applet.ExitCode); ok {
			c.stopped = &code
		}
		return err
	}
}

// tryHelp is getopt's message, then util-linux's errtryhelp(EXIT_FAILURE).
func (c *cmd) tryHelp(msg string) error {
	c.io.Err.WriteString(msg + "\n")
	c.io.Err.WriteString("Try '" + filepath.Base(c.name) + " --help' for more information.\n")
	return applet.ExitCode(1)
}

const helpText = `
Usage:
 %s [options] [<program> [<argument>...]]

Run a program with some namespaces unshared from the parent.

Options:
 -m, --mount[=<file>]      unshare mounts namespace
 -u, --uts[=<file>]        unshare UTS namespace (hostname etc)
 -i, --ipc[=<file>]        unshare System V IPC namespace
 -n, --net[=<file>]        unshare network namespace
     --netns <name>        unshare network namespace, keep it as the named one <name>
 -p, --pid[=<file>]        unshare pid namespace
 -U, --user[=<file>]       unshare user namespace
 -C, --cgroup[=<file>]     unshare cgroup namespace
 -T, --time[=<file>]       unshare time namespace

 --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)
 --mount-binfmt[=<dir>]    mount binfmt filesystem first (implies --user and --mount)
 -l, --load-interp <file>  load binfmt definition in the namespace (implies --mount-binfmt)
 --propagation slave|shared|private|unchanged
                           modify mount propagation in mount namespace
 -R, --root <dir>          run the command with root directory set to <dir>
 -w, --wd <dir>            change working directory to <dir>

 -S, --setuid <uid>        set uid in entered namespace
 -G, --setgid <gid>        set gid in entered namespace
 --map-user <uid>|<name>   map current user to uid (implies --user)
 --map-group <gid>|<name>  map current group to gid (implies --user)
 -r, --map-root-user       map current user to root (implies --user)
 -c, --map-current-user    map current user to itself (implies --user)
 --map-auto                map users and groups automatically (implies --user)
 --map-subids              map the first block of user IDs owned by euid (implies --user)
 --map-users <inneruid>:<outeruid>:<count>
                           map count users from outeruid to inneruid (implies --user)
 --map-groups <innergid>:<outergid>:<count>
                           map count groups from outergid to innergid (implies --user)
 --owner <uid>:<gid>       set the user namespace owner (implies --user)

 -f, --fork                fork before launching <program>
 --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)
                             defaults to SIGKILL
 --forward-signals         forward SIGTERM and SIGINT to child (implies --fork)

 --setgroups allow|deny    control the setgroups syscall in user namespaces
 --keep-caps               retain capabilities granted in user namespaces

 --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces
 --boottime <offset>       set clock boottime offset (seconds) in time namespaces
 --clear-env               do not inherit environment variables from the calling process
 --whitelist-env <list>    clear environment except for specified variables

 -h, --help                display this help
 -V, --version             display version
%s
For more details see unshare(1).
`
