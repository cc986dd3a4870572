package applet

// CLI describes an applet's command line as plain data: the applets parse
// and print help from it, and docs/gen renders it as a man page and the
// shell completions.
type CLI struct {
	Name, Usage, UsageText string
	Flags                  []Opt // in --help's order (applet.Table: getopt's)
	Commands               []Command
	// Section is the man page's, also named by --help's "For more
	// details see NAME(N)." (util-linux's: nsenter(1), unshare(1), lsns(8)).
	Section int
}

// Command is one subcommand (netns list, netns add …).
type Command struct {
	Name, Usage, ArgsUsage string
	// Doc is the subcommand's text in the man page (Man's markup); "":
	// Usage.
	Doc string
	// Aliases are other words for the subcommand (netns show, lst); in
	// the matching order they follow its name.
	Aliases []string
	// Match is the subcommand's place (from 1) in the order a word is
	// matched against the subcommands as a prefix (iproute2's: "s" is
	// show, "se" set). 0 in every entry: the declaration order.
	Match int
}

// DocText is the subcommand's text for the man page.
func (c *Command) DocText() string {
	if c.Doc != "" {
		return c.Doc
	}
	return c.Usage
}

// inMatchOrder is the i-th of cmds in their matching order (nil when no
// command has that place).
func inMatchOrder(cmds []Command, i int) *Command {
	if cmds[0].Match == 0 {
		return &cmds[i]
	}
	for k := range cmds {
		if cmds[k].Match == i+1 {
			return &cmds[k]
		}
	}
	return nil
}

// MatchOrder is the words of cmds in their matching order, an alias as
// ALIAS=NAME (the completions match words as the applet does).
func MatchOrder(cmds []Command) []string {
	var words []string
	for i := range cmds {
		if c := inMatchOrder(cmds, i); c != nil {
			words = append(words, c.Name)
			for _, a := range c.Aliases {
				words = append(words, a+"="+c.Name)
			}
		}
	}
	return words
}

// Match is the subcommand a word names: the first, in matching order,
// whose name or an alias the word is a prefix of (iproute2's matches());
// "" for none.
func Match(cmds []Command, word string) string {
	for i := range cmds {
		c := inMatchOrder(cmds, i)
		if c == nil {
			continue
		}
		if Matches(word, c.Name) {
			return c.Name
		}
		for _, a := range c.Aliases {
			if Matches(word, a) {
				return c.Name
			}
		}
	}
	return ""
}
