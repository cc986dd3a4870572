package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"nsbox/applets"
	"nsbox/applets/applet"
	"nsbox/nslib/procscan"
)

// The completion tests run the generated scripts (docs/completions, which
// TestGeneratedFresh keeps equal to what the generator makes) in real
// shells: bash through COMP_WORDS, zsh through its completion widget in a
// pseudo-terminal, fish through complete -C. `make test-deps` installs the
// shells; without one its test is skipped, except under CI.

var completionsDir, _ = filepath.Abs(filepath.Join("..", "completions"))

// needShell returns the path of a shell program.
func needShell(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (make test-deps installs it)", name)
		}
		t.Skipf("%s is not installed (make test-deps installs it)", name)
	}
	return p
}

// bashCompletionLoader is bash-completion's (Debian's package of that name).
const bashCompletionLoader = "/usr/share/bash-completion/bash_completion"

// needBashCompletion skips a test without bash-completion (fails under CI).
func needBashCompletion(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(bashCompletionLoader); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("bash-completion is not installed (make test-deps installs it)")
		}
		t.Skip("bash-completion is not installed (make test-deps installs it)")
	}
}

// runDir is a run dir with three named namespaces, plain files as
// completion only lists them.
func runDir(t *testing.T) string {
	dir := t.TempDir()
	for _, n := range []string{"blue", "red", "with space"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs a shell command with a time limit in an empty directory (file
// names never creep into the candidates) and returns its stdout; anything
// on stderr fails the test.
func run(t *testing.T, env []string, argv ...string) string {
	t.Helper()
	out, errs := runErr(t, env, argv...)
	if errs != "" {
		t.Fatalf("%q: stderr:\n%s", argv[:2], errs)
	}
	return out
}

// runErr is run that returns stderr too.
func runErr(t *testing.T, env []string, argv ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%q: %v\nstdout:\n%s\nstderr:\n%s", argv[:2], err, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

// lines splits output into its non-empty lines.
func lines(s string) []string {
	var l []string
	for _, line := range strings.Split(s, "\n") {
		if line != "" {
			l = append(l, line)
		}
	}
	return l
}

// sameSet compares as sets.
func sameSet(got, want []string) bool {
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(slices.Compact(g), slices.Compact(w))
}

// flagSpellings are an applet's options as the CLI definition has them.
func flagSpellings(cl applet.CLI) []string {
	return completion{cli: cl}.spellings()
}

func commandNames(cl applet.CLI) []string {
	return completion{cli: cl}.commandNames()
}

// devicesNow lists the network devices and wireless phys in sysfs.
func devicesNow(t *testing.T) []string {
	var d []string
	for _, dir := range []string{"/sys/class/net", "/sys/class/ieee80211"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.Type()&os.ModeSymlink != 0 {
				d = append(d, e.Name())
			}
		}
	}
	if len(d) == 0 {
		t.Fatal("no network device in /sys/class/net")
	}
	return d
}

// completer completes a command line (words, the last one being
// completed) in one shell.
type completer func(words ...string) []string

// checkCommon runs the cases every shell must pass: subcommands, every
// applet's options from its CLI definition, namespace names, PIDs,
// devices, fixed words, comma lists, programs, nsbox APPLET.
func checkCommon(t *testing.T, shell string, complete completer) {
	check := func(got, want []string, words ...string) {
		t.Helper()
		if !sameSet(got, want) {
			t.Errorf("%s: %q: got %q, want %q", shell, words, got, want)
		}
	}
	is := func(want []string, words ...string) {
		t.Helper()
		check(complete(words...), want, words...)
	}
	has := func(want []string, words ...string) {
		t.Helper()
		got := complete(words...)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %q: got %q, want %q among them", shell, words, got, w)
			}
		}
	}
	names := []string{"blue", "red", "with space"}
	if shell == "bash" {
		names[2] = `with\ space` // inserted as typed
	}
	for _, a := range applets.All() {
		want := flagSpellings(a.CLI())
		for _, words := range [][]string{{a.Name, "-"}, {"nsbox", a.Name, "-"}} {
			// zsh offers "-" too where a program may stand (a precommand).
			check(slices.DeleteFunc(complete(words...), func(s string) bool { return s == "-" }), want, words...)
		}
	}
	var netns applet.CLI
	for _, a := range applets.All() {
		if a.Name == "netns" {
			netns = a.CLI()
		}
	}
	is(commandNames(netns), "netns", "")
	is([]string{"exec"}, "netns", "ex")
	is([]string{"exec"}, "nsbox", "netns", "ex")
	is([]string{"exec"}, "ipnetns", "ex")
	is([]string{"list", "list-id"}, "netns", "li")
	is([]string{"all"}, "netns", "list", "")                  // not list-id's
	is([]string{"target-nsid", "nsid"}, "netns", "list-", "") // list-id
	is(names, "netns", "exec", "")
	is(names, "netns", "pids", "")
	is(names[:1], "netns", "set", "b")
	is(names, "netns", "-n", "")
	is(names, "netns", "-j", "--netns", "")
	is([]string{"auto", "up", "down"}, "netns", "set", "blue", "")
	is([]string{"auto", "up", "down"}, "netns", "se", "blue", "") // "se" is set
	is([]string{"all"}, "netns", "s", "")                         // "s" is show, which is list
	is(append(slices.Clone(names), "--kill", "--evacuate", "--dry-run"), "netns", "delete", "")
	is([]string{"--kill"}, "netns", "delete", "--k")
	is([]string{"nsid", "all"}, "netns", "monitor", "")
	is([]string{"target-nsid", "nsid"}, "netns", "list-id", "")
	is(nil, "netns", "add", "")
	has([]string{"bash"}, "netns", "exec", "blue", "bas")
	has([]string{"bash"}, "netns", "-a", "exec", "bas")
	has([]string{"bash"}, "nsenter", "-t", "1", "-n", "bas")
	has([]string{"bash"}, "unshare", "-rn", "bas")
	is(names, "nsenter", "--netns", "")
	is(names, "nsmove", "-n", "")
	is(nil, "nsmove", "--name", "")

	before := devicesNow(t)
	got := complete("nsmove", "")
	after := devicesNow(t)
	if !slices.Contains(got, "lo") {
		t.Errorf("%s: nsmove: %q lacks lo", shell, got)
	}
	for _, d := range got {
		if !slices.Contains(before, d) && !slices.Contains(after, d) {
			t.Errorf("%s: nsmove: %s is no device", shell, d)
		}
	}
	for _, d := range before {
		if slices.Contains(after, d) && !slices.Contains(got, d) {
			t.Errorf("%s: nsmove: %q lacks %s", shell, got, d)
		}
	}
	has(append(slices.Clone(names), "lo"), "nsmove", "lo", "")
	lacks(t, shell, complete("nsmove", "-l", ""), "lo", "nsmove", "-l", "")

	self := strconv.Itoa(os.Getpid())
	for _, words := range [][]string{{"lsns", "-p", ""}, {"lsns", "-Jp", ""}, {"lsns", "--task", ""},
		{"nsenter", "-t", ""}, {"nsenter", "--target", ""}, {"netns", "identify", ""}, {"netns", "attach", "x", ""},
		{"nsenter", "-t", self[:1]}} {
		got := complete(words...)
		if !slices.Contains(got, self) || (words[len(words)-1] == "" && !slices.Contains(got, "1")) {
			t.Errorf("%s: %q: got %q, want 1 and %s among them", shell, words, got, self)
		}
		for _, p := range got {
			if _, err := strconv.Atoi(p); err != nil || !strings.HasPrefix(p, words[len(words)-1]) {
				t.Errorf("%s: %q: %q is not a PID", shell, words, p)
			}
		}
	}

	is(procscan.ScanTypes[:], "lsns", "-t", "")
	is([]string{"net"}, "lsns", "--type", "ne")
	is([]string{"parent", "owner", "process"}, "lsns", "-n", "--tree=")
	is([]string{"slave", "shared", "private", "unchanged"}, "unshare", "--propagation", "")
	columns := lsnsColumns()
	if len(columns) < 10 || columns[0] != "NS" {
		t.Fatalf("lsns columns: %q", columns)
	}
	var pCols []string
	for _, c := range columns {
		if strings.HasPrefix(c, "P") {
			pCols = append(pCols, c)
		}
	}
	switch shell {
	case "zsh": // completes the element after the comma
		is(columns, "lsns", "-o", "")
		is(pCols, "lsns", "-o", "NS,P")
	default:
		is(columns, "lsns", "-o", "")
		var want []string
		for _, c := range pCols {
			want = append(want, "NS,"+c)
		}
		is(want, "lsns", "-o", "NS,P")
	}

	var first []string
	for _, a := range applets.All() {
		first = append(first, a.Name)
	}
	has(first, "nsbox", "")
	is([]string{"--list"}, "nsbox", "--li")
}

// lacks fails when a candidate is among got.
func lacks(t *testing.T, shell string, got []string, not string, words ...string) {
	t.Helper()
	if slices.Contains(got, not) {
		t.Errorf("%s: %q: got %q, want no %s", shell, words, got, not)
	}
}

// bashWords splits words as readline does for bash: "--tree=x" is
// "--tree", "=", "x" (COMP_WORDBREAKS has '='); a word ending in '=' ends
// the line with the "=".
func bashWords(words []string) []string {
	var split []string
	for _, w := range words {
		opt, val, ok := strings.Cut(w, "=")
		if !ok || !strings.HasPrefix(w, "--") {
			split = append(split, w)
			continue
		}
		split = append(split, opt, "=")
		if val != "" {
			split = append(split, val)
		}
	}
	return split
}

// bashCompleter completes with nsbox.bash: COMP_WORDS and COMP_CWORD set
// as bash sets them, then _nsbox; init runs first (with split false, as
// when COMP_WORDBREAKS has no '=').
func bashCompleter(t *testing.T, env []string, init string, split bool) completer {
	bash := needShell(t, "bash")
	script := init + `
source "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
_nsbox
printf '%s\n' "${COMPREPLY[@]}"`
	return func(words ...string) []string {
		if split {
			words = bashWords(words)
		}
		args := append([]string{bash, "--norc", "--noprofile", "-c", script, "bash", filepath.Join(completionsDir, "nsbox.bash")}, words...)
		return lines(run(t, env, args...))
	}
}

func TestBashCompletion(t *testing.T) {
	env := []string{"NETNS_RUN_DIR=" + runDir(t)}
	complete := bashCompleter(t, env, "", true)
	checkCommon(t, "bash", complete)
	is := func(want []string, words ...string) {
		t.Helper()
		if got := complete(words...); !sameSet(got, want) {
			t.Errorf("%q: got %q, want %q", words, got, want)
		}
	}
	is([]string{"exec"}, "/usr/sbin/netns", "ex")
	is([]string{"exec"}, "-netns", "ex") // a login shell's name
	is([]string{"red"}, "netns", "-netns", "r")
	is([]string{"red"}, "netns", "--n", "r") // iproute2's prefixes
	is([]string{"blue"}, "netns", "-all", "delete", "--kill", "b")
	if got := complete("netns", "-all", "exec", "bas"); !slices.Contains(got, "bash") {
		t.Errorf("netns -all exec bas: %q", got)
	}
	is([]string{"/etc"}, "nsenter", "--mount=/et")
	is([]string{"/etc"}, "nsenter", "-t", "1", "--wd=/et")
	is([]string{"/etc"}, "unshare", "--root", "/et")
	is(nil, "unshare", "-mS", "") // -S takes a uid: nothing to offer
	is(nil, "unshare", "--map-user", "")
	if got := complete("unshare", "-m", "bas"); !slices.Contains(got, "bash") { // -m takes no argument: bas is the program
		t.Errorf("unshare -m bas: %q", got)
	}
	if got := complete("nsbox", "--install", ""); !slices.Contains(got, "-s") {
		t.Errorf("nsbox --install: %q lacks -s", got)
	}
	is([]string{"/etc"}, "nsbox", "--install", "-s", "/et")
	is(nil, "nsenter", "ls", "-")                 // the program's options, not nsenter's (no bash-completion here)
	is([]string{"--json"}, "lsns", "net", "--js") // lsns permutes
	is(nil, "nsenter", "--", "-")

	// Without '=' in COMP_WORDBREAKS the word replaced is all of --type=…
	plain := bashCompleter(t, env, `COMP_WORDBREAKS=${COMP_WORDBREAKS//=}`, false)
	if got := plain("lsns", "--type=n"); !sameSet(got, []string{"--type=net"}) {
		t.Errorf("lsns --type=n, '=' no word break: %q", got)
	}
}

// TestBashCompletionCommand: with bash-completion loaded, the program's
// arguments are completed as the program's own (_command_offset).
func TestBashCompletionCommand(t *testing.T) {
	needBashCompletion(t)
	complete := bashCompleter(t, []string{"NETNS_RUN_DIR=" + runDir(t)}, "source "+bashCompletionLoader, true)
	for _, words := range [][]string{{"nsenter", "-t", "1", "ls", "--al"}, {"netns", "exec", "blue", "ls", "--al"},
		{"nsbox", "netns", "-a", "exec", "ls", "--al"}, {"unshare", "-r", "ls", "--al"}} {
		if got := complete(words...); !sameSet(got, []string{"--all", "--almost-all"}) {
			t.Errorf("%q: got %q, want ls's --all and --almost-all", words, got)
		}
	}
}

// zshSetup runs in the interactive zsh: compinit with the completion
// directory first in fpath (or the script sourced after compinit, with
// $NSBOX_SOURCE), and a widget on ^T that completes the line with compadd
// recording what it is given, then clears the line.
const zshSetup = `
PS1='> '
unsetopt autolist listambiguous automenu menucomplete beep
if [[ -n $NSBOX_SOURCE ]]; then
	autoload -U compinit && compinit -u -D
	source $NSBOX_SOURCE
else
	fpath=($NSBOX_FPATH $fpath)
	autoload -U compinit && compinit -u -D
fi
# compadd -O stores the words that match what is typed, instead of adding
# them; calls that store words themselves are left as they are.
compadd() {
	if (( ${@[(I)-[^-]#[OAD]*]} )); then
		builtin compadd "$@"
		return
	fi
	local -a hits
	builtin compadd -O hits "$@"
	(( $#hits )) && print -rl -- $hits >>$NSBOX_OUT
	builtin compadd "$@"
}
nsbox-capture() {
	zle complete-word
	print -r -- '<<done>>' >>$NSBOX_OUT
	BUFFER=
}
zle -N nsbox-capture
bindkey '^T' nsbox-capture
print '<<done>>' >$NSBOX_OUT
`

// zshDriver runs the interactive zsh in a pseudo-terminal (zpty) and
// types each line of its standard input there, then ^T; it prints what
// the completion offered and <<end>>.
const zshDriver = `
zmodload zsh/zpty
await() {
	local i
	for i in {1..400}; do
		grep -qx '<<done>>' $NSBOX_OUT 2>/dev/null && return 0
		sleep 0.05
	done
	print '<<timeout>>'
	return 1
}
zpty nsbox zsh -f -i
zpty -w nsbox ". ${(q)1}"
await || exit 1
while IFS= read -r line; do
	: >$NSBOX_OUT
	zpty -w -n nsbox "$line"$'\x14'
	await && grep -vx '<<done>>' $NSBOX_OUT
	print '<<end>>'
done
zpty -d nsbox
`

// zshCompleter completes in an interactive zsh that stays up for the
// whole test.
func zshCompleter(t *testing.T, env []string) completer {
	zsh := needShell(t, "zsh")
	dir := t.TempDir()
	setup, driver := filepath.Join(dir, "setup.zsh"), filepath.Join(dir, "driver.zsh")
	for path, text := range map[string]string{setup: zshSetup, driver: zshDriver} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(zsh, "-f", driver, setup)
	cmd.Dir = t.TempDir()
	cmd.Env = append(append(os.Environ(), "NSBOX_OUT="+filepath.Join(dir, "out")), env...)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
		}
	})
	out := bufio.NewReader(stdout)
	return func(words ...string) []string {
		t.Helper()
		if _, err := io.WriteString(stdin, strings.Join(words, " ")+"\n"); err != nil {
			t.Fatalf("zsh: %v\n%s", err, stderr.String())
		}
		var got []string
		for {
			line, err := out.ReadString('\n')
			if err != nil {
				t.Fatalf("zsh: %q: %v\n%s", words, err, stderr.String())
			}
			line = strings.TrimSuffix(line, "\n")
			switch line {
			case "<<end>>":
				return got
			case "<<timeout>>":
				t.Fatalf("zsh: %q: no answer\n%s", words, stderr.String())
			}
			got = append(got, line)
		}
	}
}

func TestZshCompletion(t *testing.T) {
	env := []string{"NETNS_RUN_DIR=" + runDir(t), "NSBOX_FPATH=" + completionsDir}
	complete := zshCompleter(t, env)
	checkCommon(t, "zsh", complete)
	for _, words := range [][]string{{"nsenter", "-t", "1", "ls", "--al"}, {"netns", "exec", "blue", "ls", "--al"},
		{"nsbox", "netns", "-a", "exec", "ls", "--al"}} {
		if got := complete(words...); !sameSet(got, []string{"--all", "--almost-all"}) {
			t.Errorf("%q: got %q, want ls's --all and --almost-all", words, got)
		}
	}
	// Sourced after compinit instead of found in fpath.
	sourced := zshCompleter(t, append(env, "NSBOX_FPATH=", "NSBOX_SOURCE="+filepath.Join(completionsDir, "_nsbox")))
	if got := sourced("lsns", "--ty"); !sameSet(got, []string{"--type"}) {
		t.Errorf("sourced: lsns --ty: %q", got)
	}
}

// fishCompleter completes with fish's complete -C, the script sourced;
// candidates lose their descriptions, and the --NAME= fish puts before
// an option's value.
func fishCompleter(t *testing.T, env []string) completer {
	fish := needShell(t, "fish")
	env = append(env, "XDG_CONFIG_HOME="+t.TempDir()) // no user configuration
	script := filepath.Join(completionsDir, "nsbox.fish")
	return func(words ...string) []string {
		line := strings.Join(words, " ")
		// Not --no-config: that leaves out fish's own completions (ls's).
		out := run(t, env, fish, "-c", "source $argv[1]; complete -C $argv[2]", script, line)
		prefix := ""
		if last := words[len(words)-1]; strings.HasPrefix(last, "--") && strings.Contains(last, "=") {
			prefix = last[:strings.Index(last, "=")+1]
		}
		var got []string
		for _, l := range lines(out) {
			l, _, _ = strings.Cut(l, "\t")
			got = append(got, strings.TrimPrefix(l, prefix))
		}
		return got
	}
}

func TestFishCompletion(t *testing.T) {
	complete := fishCompleter(t, []string{"NETNS_RUN_DIR=" + runDir(t)})
	checkCommon(t, "fish", complete)
	is := func(want []string, words ...string) {
		t.Helper()
		if got := complete(words...); !sameSet(got, want) {
			t.Errorf("%q: got %q, want %q", words, got, want)
		}
	}
	is([]string{"red"}, "netns", "-netns", "r")
	is([]string{"/etc/"}, "nsenter", "--mount=/et")
	is([]string{"/etc/"}, "unshare", "--root", "/et")
	for _, words := range [][]string{{"nsenter", "-t", "1", "ls", "--al"}, {"netns", "exec", "blue", "ls", "--al"},
		{"nsbox", "netns", "-all", "exec", "ls", "--al"}, {"unshare", "-r", "ls", "--al"}} {
		if got := complete(words...); !sameSet(got, []string{"--all", "--almost-all"}) {
			t.Errorf("%q: got %q, want ls's --all and --almost-all", words, got)
		}
	}
}

// TestScriptsParse: each shell reads its script without a syntax error.
func TestScriptsParse(t *testing.T) {
	for _, c := range []struct{ shell, file string }{{"bash", "nsbox.bash"}, {"zsh", "_nsbox"}, {"fish", "nsbox.fish"}} {
		t.Run(c.shell, func(t *testing.T) {
			run(t, nil, needShell(t, c.shell), "-n", filepath.Join(completionsDir, c.file))
		})
	}
}

// TestTablesChecked: a completion table that names what the CLI does not
// have, or misses what it has, stops the generator.
func TestTablesChecked(t *testing.T) {
	if _, err := completions(); err != nil {
		t.Fatalf("the tables: %v", err)
	}
	for _, tc := range []struct {
		what string
		edit func(s map[string]*spec)
	}{
		{"an unknown option", func(s map[string]*spec) { s["lsns"].values["nope"] = fileArg }},
		{"an option's argument left out", func(s map[string]*spec) { delete(s["lsns"].values, "task") }},
		{"an argument for an option without one", func(s map[string]*spec) { s["lsns"].values["json"] = fileArg }},
		{"an unknown subcommand", func(s map[string]*spec) { s["netns"].commands["nope"] = &operands{} }},
		{"a subcommand left out", func(s map[string]*spec) { delete(s["netns"].commands, "exec") }},
		{"operands after an unknown option", func(s map[string]*spec) { s["nsmove"].operands.with["nope"] = &operands{} }},
		{"operands after a command", func(s map[string]*spec) { s["nsenter"].operands.at = []values{command, fileArg} }},
		{"an applet left out", func(s map[string]*spec) { delete(s, "lsns") }},
		{"an unknown applet", func(s map[string]*spec) { s["nope"] = &spec{} }},
	} {
		tables := specs()
		tc.edit(tables)
		if _, err := completionsOf(tables); err == nil {
			t.Errorf("%s: no error", tc.what)
		}
	}
}
