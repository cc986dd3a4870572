package netns

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"nsbox/applets/applet"
)

func TestSubcommand(t *testing.T) {
	for word, want := range map[string]string{
		"l": "list", "li": "list", "ls": "list", "lst": "list", "s": "list", "sh": "list", "show": "list",
		"se": "set", "a": "add", "ad": "add", "at": "attach", "d": "delete", "del": "delete",
		"i": "identify", "p": "pids", "e": "exec", "m": "monitor", "h": "help", "list-": "list-id",
		"list-id": "list-id", "r": "rename", "": "", "x": "", "lists": "", "adds": "",
	} {
		if got := subcommand(word); got != want {
			t.Errorf("subcommand(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestMatchOption(t *testing.T) {
	for opt, want := range map[string]string{
		"-a": "-all", "-al": "-all", "-j": "-json", "-js": "-json", "-p": "-pretty", "-n": "-netns",
		"-ne": "-netns", "-f": "-family", "-fo": "-force", "-b": "-batch", "-br": "-brief", "-h": "-human",
		"-he": "-help", "-V": "-Version", "-c": "-color", "-color=never": "-color", "-color=x": "", "-x": "", "-": "",
	} {
		if got, _ := matchOption(opt); got != want {
			t.Errorf("matchOption(%q) = %q, want %q", opt, got, want)
		}
	}
}

// FuzzArgs checks the iproute2-style word matching on arbitrary words: a
// match is always a prefix of what it resolves to, and nothing panics.
func FuzzArgs(f *testing.F) {
	for _, s := range []string{"-all exec", "-j -p list", "-n x lis", "-color=auto set", "--netns y del", "list- target-nsid 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		for _, w := range strings.Fields(line) {
			if name := subcommand(w); name != "" {
				ok := false
				for _, m := range applet.MatchOrder(subcommands()) {
					s, runs, alias := strings.Cut(m, "=")
					if strings.HasPrefix(s, w) && (s == name || alias && runs == name) {
						ok = true
					}
				}
				if !ok {
					t.Fatalf("subcommand(%q) = %q: not a prefix match", w, name)
				}
			}
			if name, _ := matchOption(w); name != "" && !strings.HasPrefix(name, strings.SplitN(w, "=", 2)[0]) {
				t.Fatalf("matchOption(%q) = %q: not a prefix match", w, name)
			}
		}
	})
}

// TestFastPathWords: the netns words the fast path (nslib/prestage's
// fastpath.c, netns(), is_delete() and netns_exec()) compares with, and the prefixes
// it takes of them, name the subcommands Go's matching gives them.
func TestFastPathWords(t *testing.T) {
	src, err := os.ReadFile("../../nslib/prestage/fastpath.c")
	if err != nil {
		t.Fatal(err)
	}
	canonical := map[string]string{}
	for _, m := range applet.MatchOrder(subcommands()) {
		word, runs, alias := strings.Cut(m, "=")
		if !alias {
			runs = word
		}
		canonical[word] = runs
	}
	body := func(fn string) string {
		i := strings.Index(string(src), "\nstatic "+fn)
		if i < 0 {
			t.Fatalf("fastpath.c has no %s", fn)
		}
		end := strings.Index(string(src)[i:], "\n}\n")
		return string(src)[i : i+end]
	}
	netns := body("void netns(char **a)") + body("int is_delete(const char *w, size_t n)")
	prefixes := regexp.MustCompile(`strncmp\(w, "([^"]+)", n\)`).FindAllStringSubmatch(netns, -1)
	exact := regexp.MustCompile(`strcmp\(a\[0\], "([^"]+)"\)`).FindAllStringSubmatch(body("int netns_exec(char **a)"), -1)
	if len(prefixes) < 4 || len(exact) != 1 {
		t.Fatalf("fastpath.c: words taken by prefix %q, exactly %q: the test no longer reads it", prefixes, exact)
	}
	for _, m := range prefixes {
		word := m[1]
		want, ok := canonical[word]
		if !ok {
			t.Errorf("fastpath.c takes prefixes of %q, which is no subcommand", word)
		}
		for n := 1; n <= len(word); n++ {
			if got := subcommand(word[:n]); got != want {
				t.Errorf("fastpath.c takes %q as %s, Go's matching as %q", word[:n], want, got)
			}
		}
	}
	if got := subcommand(exact[0][1]); got != exact[0][1] {
		t.Errorf("fastpath.c takes %q as exec, Go's matching as %q", exact[0][1], got)
	}
}
