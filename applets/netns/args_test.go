package netns

import (
	"strings"
	"testing"
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
				for _, s := range subcommands {
					if strings.HasPrefix(s, w) && (s == name || canonical[s] == name) {
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
