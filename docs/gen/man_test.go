package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"nsbox/applets"
	"nsbox/applets/applet"
)

// manText renders a roff page as man(1) shows it, 80 columns wide, and
// fails the test on any warning troff gives (man --warnings).
func manText(t *testing.T, name, page string) string {
	t.Helper()
	if _, err := exec.LookPath("man"); err != nil {
		t.Fatalf("man is missing (make test-deps installs man-db): %v", err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("man", "--warnings", "-l", path)
	cmd.Env = append(os.Environ(), "MANWIDTH=80", "MAN_KEEP_FORMATTING=", "LC_ALL=C.UTF-8")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Errorf("man -l %s: %v, warnings:\n%s", name, err, stderr.String())
	}
	return string(out)
}

// heading is a section heading of man's output: capitals at the margin.
var heading = regexp.MustCompile(`^[A-Z][A-Z ]*[A-Z]$`)

// manSections splits man's output into its sections' lines, by heading.
func manSections(text string) (map[string][]string, []string) {
	sections := map[string][]string{}
	var order []string
	cur := ""
	for _, line := range strings.Split(text, "\n") {
		if heading.MatchString(line) {
			cur = line
			order = append(order, cur)
			continue
		}
		sections[cur] = append(sections[cur], line)
	}
	return sections, order
}

// hasTag tells whether a tagged paragraph of lines has tag: man sets a
// short tag on the line of its text, a blank or more between them.
func hasTag(lines []string, tag string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, "       ") && !strings.HasPrefix(l, "        ") {
			l = strings.TrimSpace(l)
			if l == tag || strings.HasPrefix(l, tag+" ") {
				return true
			}
		}
	}
	return false
}

// TestManPages renders every page with man and checks it against the CLI
// declarations: util-linux's sections in their order, every option with
// its argument form in OPTIONS, every netns subcommand (and its words) in
// COMMANDS and in SYNOPSIS, and the header's section.
func TestManPages(t *testing.T) {
	files, err := outputs()
	if err != nil {
		t.Fatal(err)
	}
	tables := specs()
	for _, c := range append(appletCLIs(), nsboxCLI()) {
		if _, ok := mans()[c.Name]; !ok {
			t.Errorf("%s has no man page prose in mans()", c.Name)
		}
		t.Run(c.Name, func(t *testing.T) {
			page, ok := files[manPath(c)]
			if !ok {
				t.Fatalf("no %s", manPath(c))
			}
			text := manText(t, filepath.Base(manPath(c)), page)
			title := fmt.Sprintf("%s(%d)", strings.ToUpper(c.Name), c.Section)
			if !strings.HasPrefix(text, title+" ") {
				t.Errorf("the page starts %q, want %s", strings.SplitN(text, "\n", 2)[0], title)
			}
			sections, order := manSections(text)
			want := []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "ENVIRONMENT", "FILES",
				"EXIT STATUS", "EXAMPLES", "NOTES", "SEE ALSO"}
			switch c.Name {
			case "nsbox":
				want = []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "APPLETS", "ENVIRONMENT",
					"EXIT STATUS", "EXAMPLES", "SEE ALSO"}
			case "netns":
			default:
				want = append(want[:4], want[5:]...)
			}
			if strings.Join(order, ",") != strings.Join(want, ",") {
				t.Errorf("sections %q, want %q", order, want)
			}
			for _, name := range want {
				if strings.TrimSpace(strings.Join(sections[name], "")) == "" {
					t.Errorf("section %s is empty", name)
				}
			}

			// Each option's tag: its names and the argument getopt takes.
			dash := "--"
			if s := tables[c.Name]; s != nil && s.order == iproute {
				dash = "-"
			}
			for _, f := range c.Flags {
				tag := dash + f.Long + strings.NewReplacer("<", "", ">", "").Replace(f.DocArg())
				if f.Short != 0 {
					tag = "-" + string(f.Short) + ", " + tag
				}
				if !hasTag(sections["OPTIONS"], tag) {
					t.Errorf("OPTIONS lacks %q:\n%s", tag, strings.Join(sections["OPTIONS"], "\n"))
				}
				if f.Arg != applet.NoArg && f.DocArg() == "" {
					t.Errorf("--%s takes an argument but the page names none", f.Long)
				}
			}

			// Each subcommand: its words and arguments in COMMANDS, its
			// line in SYNOPSIS.
			commands := sections["COMMANDS"]
			if c.Name == "nsbox" {
				commands = sections["APPLETS"]
			}
			synopsis := strings.Join(sections["SYNOPSIS"], "\n")
			for _, sc := range c.Commands {
				tag := strings.TrimSpace(strings.Join(append([]string{sc.Name}, sc.Aliases...), ", ") + " " + sc.ArgsUsage)
				if !hasTag(commands, tag) {
					t.Errorf("%s lacks %q", map[bool]string{true: "APPLETS", false: "COMMANDS"}[c.Name == "nsbox"], tag)
				}
				if c.Name == "nsbox" {
					continue
				}
				line := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(c.Name) + `( \[-all\])? ` + regexp.QuoteMeta(sc.Name) +
					regexp.QuoteMeta(strings.TrimRight(" "+strings.Join(strings.Fields(sc.ArgsUsage), " "), " ")) + `$`)
				if !line.MatchString(synopsis) {
					t.Errorf("SYNOPSIS lacks %s %s %s:\n%s", c.Name, sc.Name, sc.ArgsUsage, synopsis)
				}
			}
		})
	}
}

// TestManSections checks that a page's section agrees wherever it is
// named: the file name, other pages' SEE ALSO, and the applet's --help
// ("For more details see nsenter(1).", util-linux's last line).
func TestManSections(t *testing.T) {
	sections := map[string]int{}
	all := append(appletCLIs(), nsboxCLI())
	for _, c := range all {
		sections[c.Name] = c.Section
		if manPath(c) != fmt.Sprintf("man/%s.%d", c.Name, c.Section) {
			t.Errorf("%s's page is %s", c.Name, manPath(c))
		}
	}
	prose := mans()
	for _, c := range all {
		for _, s := range prose[c.Name].SeeAlso {
			name, sect, _ := strings.Cut(strings.TrimSuffix(s, ")"), "(")
			// unshare(2), the system call, is not unshare(1).
			if n, ok := sections[name]; ok && (sect == "1" || sect == "8") && sect != fmt.Sprint(n) {
				t.Errorf("%s's SEE ALSO names %s, but the page is %s(%d)", c.Name, s, name, n)
			}
		}
	}
	footer := regexp.MustCompile(`For more details see ([a-z]+)\(([0-9])\)\.\n$`)
	helps := 0
	for _, a := range applets.All() {
		out := runApplet(t, a, "--help")
		m := footer.FindStringSubmatch(out)
		if m == nil {
			continue
		}
		helps++
		if m[1] != a.Name || m[2] != fmt.Sprint(sections[a.Name]) {
			t.Errorf("%s --help ends %q, but its page is %s(%d)", a.Name, m[0], a.Name, sections[a.Name])
		}
	}
	if helps < 3 {
		t.Errorf("%d applets' --help name their page, want lsns, nsenter and unshare at least", helps)
	}
}

// runApplet runs an applet in this process and returns its stdout.
func runApplet(t *testing.T, a applet.Info, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	open := func(name string) *os.File {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	io := applet.IO{In: open("in"), Out: open("out"), Err: open("err")}.CheckedStdout()
	io.CloseStdout(a.Name, a.UtilLinux, a.Main(append([]string{a.Name}, args...), io))
	out, err := os.ReadFile(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
