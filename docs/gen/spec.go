package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"nsbox/applets"
	"nsbox/applets/applet"
	"nsbox/applets/lsns"
	"nsbox/nslib/procscan"
)

// The completion scripts are made of two parts: the options, which come
// from each applet's CLI (the definition its --help and man page use), and
// what the words are completed with, which the command-line definitions do
// not say and the tables below do. The tables name options and subcommands
// by their CLI names, and check() refuses a name the CLI does not have, so
// a renamed or removed option fails `make docs` instead of drifting.

// A source is one of the hand-written shell functions of the scripts (in
// docs/gen/shell/): what a value can be on this machine.
type source string

const (
	names   source = "names"   // named network namespaces: the files of $NETNS_RUN_DIR (/run/netns)
	pids    source = "pids"    // the processes in /proc
	devices source = "devices" // network devices (/sys/class/net) and wireless phys (/sys/class/ieee80211)
	files   source = "files"
	dirs    source = "dirs"
)

// values is what a word is completed with.
type values struct {
	from  []source
	words []string
	list  bool // a comma-separated list of them (lsns -o NS,TYPE)
	// command: this word is a program and the words after it are its
	// arguments, completed as that program's (nsenter, netns exec).
	command bool
}

func (v values) empty() bool { return len(v.from) == 0 && len(v.words) == 0 && !v.command }

// operands is what the words after the options are completed with.
type operands struct {
	at   []values // the first operands, in order
	more values   // every one after them
	// with: other operands when an option (by long name) was given
	// (netns -all exec CMD, nsmove --list).
	with map[string]*operands
}

// empty tells whether nothing completes any operand.
func (o *operands) empty() bool {
	for _, v := range o.at {
		if !v.empty() {
			return false
		}
	}
	return o.more.empty() && len(o.with) == 0
}

// order is how an applet's options stand among its operands.
type order string

const (
	iproute order = "iproute" // single words, matched by prefix, before the subcommand (netns)
	permute order = "permute" // getopt_long: anywhere before "--" (lsns, nsmove)
	require order = "require" // getopt_long with "+": the first operand ends them (nsenter, unshare)
)

// spec is one applet's completion.
type spec struct {
	order  order
	values map[string]values // an option's argument, by the option's long name
	// operands after the options; with commands, operand 0 is the
	// subcommand and commands[NAME] completes the words after it.
	operands operands
	commands map[string]*operands
	// match is the order subcommand words are matched in, as prefixes
	// (netns follows iproute2: "s" is show, which is list); ALIAS=NAME
	// entries are words that run NAME. It comes from the CLI's commands
	// (applet.MatchOrder).
	match []string
}

var (
	command  = values{command: true}
	netnsArg = values{from: []source{names}}
	pidArg   = values{from: []source{pids}}
	fileArg  = values{from: []source{files}}
	dirArg   = values{from: []source{dirs}}
)

func words(w ...string) values { return values{words: w} }

// nsFiles are the namespace options of nsenter and unshare: --mount=FILE …
var nsFiles = []string{"mount", "uts", "ipc", "net", "pid", "user", "cgroup", "time"}

func fileOptions(extra map[string]values) map[string]values {
	for _, o := range nsFiles {
		extra[o] = fileArg
	}
	return extra
}

// specs are the completion tables, by applet.
func specs() map[string]*spec {
	return map[string]*spec{
		"netns": {
			order:  iproute,
			values: map[string]values{"netns": netnsArg, "batch": fileArg},
			commands: map[string]*operands{
				"list":     {at: []values{words("all")}},
				"add":      {},
				"attach":   {at: []values{{}, pidArg}},
				"set":      {at: []values{netnsArg, words("auto", "up", "down")}},
				"rename":   {at: []values{netnsArg}},
				"delete":   {more: values{from: []source{names}, words: []string{"--kill", "--evacuate", "--dry-run"}}},
				"identify": {at: []values{pidArg}},
				"pids":     {at: []values{netnsArg}},
				"holders":  {more: values{from: []source{names, files}, words: []string{"--threads"}}},
				"exec": {at: []values{netnsArg, command},
					with: map[string]*operands{"all": {at: []values{command}}}},
				"monitor": {at: []values{words("nsid", "all")}},
				"list-id": {at: []values{words("target-nsid", "nsid"), {}, words("target-nsid", "nsid")}},
				"help":    {},
			},
		},
		"nsmove": {
			order:  permute,
			values: map[string]values{"netns": netnsArg, "name": {}},
			operands: operands{
				at:   []values{{from: []source{devices}}},
				more: values{from: []source{devices, names}},
				with: map[string]*operands{"list": {}},
			},
		},
		"nsenter": {
			order: require,
			values: fileOptions(map[string]values{"target": pidArg, "netns": netnsArg,
				"net-socket": {}, "setuid": {}, "setgid": {}, "root": dirArg, "wd": dirArg, "wdns": dirArg}),
			operands: operands{at: []values{command}},
		},
		"lsns": {
			order: permute,
			values: map[string]values{"task": pidArg, "output": {words: lsnsColumns(), list: true},
				"type": words(procscan.ScanTypes[:]...), "filter": {}, "tree": words("parent", "owner", "process")},
		},
		"unshare": {
			order: require,
			values: fileOptions(map[string]values{"kill-child": {}, "mount-proc": dirArg, "mount-binfmt": dirArg,
				"map-user": {}, "map-users": {}, "map-group": {}, "map-groups": {}, "owner": {},
				"propagation": words("slave", "shared", "private", "unchanged"), "setgroups": words("allow", "deny"),
				"setuid": {}, "setgid": {}, "root": dirArg, "wd": dirArg, "monotonic": {}, "boottime": {},
				"load-interp": fileArg, "whitelist-env": {}, "netns": {}}),
			operands: operands{at: []values{command}},
		},
	}
}

// lsnsColumns asks lsns itself for its columns (lsns -Hr), so the list is
// the one the binary accepts.
func lsnsColumns() []string {
	f, err := os.CreateTemp("", "nsbox-gen-")
	if err != nil {
		panic(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if code := lsns.Main([]string{"lsns", "-Hr"}, applet.IO{In: os.Stdin, Out: f, Err: os.Stderr}); code != 0 {
		panic(fmt.Sprintf("lsns -Hr: status %d", code))
	}
	out, err := os.ReadFile(f.Name())
	if err != nil {
		panic(err)
	}
	var cols []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		cols = append(cols, strings.Fields(line)[0])
	}
	return cols
}

// completion is one applet's command line and completion tables, checked
// against each other.
type completion struct {
	name string
	cli  applet.CLI
	*spec
}

// completions returns every applet's, in applets.All() order; an error
// names a table entry the CLI does not have, or a CLI option with an
// argument that no table entry describes.
func completions() ([]completion, error) { return completionsOf(specs()) }

func completionsOf(tables map[string]*spec) ([]completion, error) {
	var all []completion
	for _, a := range applets.All() {
		s, ok := tables[a.Name]
		if !ok {
			return nil, fmt.Errorf("no completion table for %s", a.Name)
		}
		c := completion{a.Name, a.CLI(), s}
		// The completions list options in getopt's table order.
		c.cli.Flags = applet.Table(c.cli.Flags)
		s.match = applet.MatchOrder(c.cli.Commands)
		if err := c.check(); err != nil {
			return nil, fmt.Errorf("%s: %v", a.Name, err)
		}
		all = append(all, c)
	}
	if len(tables) != len(all) {
		return nil, fmt.Errorf("completion tables for %d applets, but %d applets", len(tables), len(all))
	}
	return all, nil
}

func (c completion) flag(long string) (applet.Opt, bool) {
	for _, f := range c.cli.Flags {
		if f.Long == long {
			return f, true
		}
	}
	return applet.Opt{}, false
}

func (c completion) check() error {
	for i, f := range c.cli.Flags {
		// applet.Table put each option at its place: each of 1..n once, or none.
		if f.Getopt != i+1 && (f.Getopt != 0 || c.cli.Flags[0].Getopt != 0) {
			return fmt.Errorf("option %d of the getopt table (--%s) has longopts place %d", i+1, f.Long, f.Getopt)
		}
	}
	for _, f := range c.cli.Flags {
		if _, ok := c.values[f.Long]; ok != (f.Arg != applet.NoArg) {
			return fmt.Errorf("option --%s: takes an argument: %v, in the values table: %v", f.Long, f.Arg != applet.NoArg, ok)
		}
	}
	for long := range c.values {
		if _, ok := c.flag(long); !ok {
			return fmt.Errorf("values table: no option --%s", long)
		}
	}
	ops := []*operands{&c.operands}
	if c.commands != nil {
		var matched []string
		for _, m := range c.match {
			word, name, alias := strings.Cut(m, "=")
			if !alias {
				matched = append(matched, word)
			} else if _, ok := c.commands[name]; !ok {
				return fmt.Errorf("match: %s runs an unknown subcommand", m)
			}
		}
		var names []string
		for _, sc := range c.cli.Commands {
			names = append(names, sc.Name)
			if c.commands[sc.Name] == nil {
				return fmt.Errorf("no completion table for the subcommand %s", sc.Name)
			}
		}
		slices.Sort(names)
		slices.Sort(matched)
		if !slices.Equal(names, matched) || len(c.commands) != len(names) {
			return fmt.Errorf("subcommands %q, matched: %q, tables for %d", names, matched, len(c.commands))
		}
		for _, o := range c.commands {
			ops = append(ops, o)
		}
	}
	for len(ops) > 0 {
		o := ops[0]
		ops = ops[1:]
		for i, v := range o.at {
			if v.command && i != len(o.at)-1 {
				return fmt.Errorf("a command is the last operand there is")
			}
		}
		if o.more.command || (len(o.at) > 0 && o.at[len(o.at)-1].command && !o.more.empty()) {
			return fmt.Errorf("operands after a command are the command's")
		}
		for long, w := range o.with {
			if _, ok := c.flag(long); !ok {
				return fmt.Errorf("operands with --%s: no such option", long)
			}
			ops = append(ops, w)
		}
	}
	return nil
}

// spellings is every option as it is offered: -a and --all.
func (c completion) spellings() []string {
	var s []string
	for _, f := range c.cli.Flags {
		if f.Short != 0 {
			s = append(s, "-"+string(f.Short))
		}
		s = append(s, "--"+f.Long)
	}
	return s
}

// commandNames are the subcommands in the CLI's order.
func (c completion) commandNames() []string {
	var n []string
	for _, sc := range c.cli.Commands {
		n = append(n, sc.Name)
	}
	return n
}

// sortedKeys returns a map's keys in order, for output that never changes.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
