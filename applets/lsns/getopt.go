package lsns

import (
	"fmt"
	"strings"
)

// option is one entry of the getopt table: util-linux's long_opts and
// short-option string, built from the urfave/cli definition.
type option struct {
	long  string
	short byte // 0: long only
	arg   int  // argNone, argRequired, optionalArg
}

const (
	argNone = iota
	argRequired
	argOptional
)

// optEvent is one parsed option, in command-line order.
type optEvent struct {
	opt   *option
	value string
	has   bool // an argument was given (optional arguments)
}

// getoptError is a glibc getopt diagnostic; util-linux follows it with
// "Try 'lsns --help' for more information." and status 1.
type getoptError string

// getopt parses args as glibc's getopt_long with GNU permutation:
// clustered short options, attached arguments (-oNS, -Towner, --tree=x),
// unambiguous long prefixes, and positional arguments anywhere before
// "--". Options are returned in order so the caller can act on each in
// turn as util-linux's option loop does; parsing stops at the first error,
// which is returned after the options before it.
func getopt(prog string, table []option, args []string) (events []optEvent, positional []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return events, append(positional, args[i+1:]...), nil
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			o, e := matchLong(prog, table, name, a)
			if e != nil {
				return events, positional, e
			}
			ev := optEvent{opt: o}
			switch {
			case o.arg == argNone && hasVal:
				return events, positional, getoptError(fmt.Sprintf("%s: option '--%s' doesn't allow an argument", prog, o.long))
			case hasVal:
				ev.value, ev.has = val, true
			case o.arg == argRequired:
				if i+1 >= len(args) {
					return events, positional, getoptError(fmt.Sprintf("%s: option '--%s' requires an argument", prog, o.long))
				}
				i++
				ev.value, ev.has = args[i], true
			}
			events = append(events, ev)
		case len(a) > 1 && a[0] == '-':
			for j := 1; j < len(a); j++ {
				o := findShort(table, a[j])
				if o == nil {
					return events, positional, getoptError(fmt.Sprintf("%s: invalid option -- '%c'", prog, a[j]))
				}
				ev := optEvent{opt: o}
				if o.arg != argNone {
					switch {
					case j+1 < len(a):
						ev.value, ev.has = a[j+1:], true
					case o.arg == argRequired:
						if i+1 >= len(args) {
							return events, positional, getoptError(fmt.Sprintf("%s: option requires an argument -- '%c'", prog, a[j]))
						}
						i++
						ev.value, ev.has = args[i], true
					}
					events = append(events, ev)
					break
				}
				events = append(events, ev)
			}
		default:
			positional = append(positional, a)
		}
	}
	return events, positional, nil
}

func findShort(table []option, c byte) *option {
	for i := range table {
		if table[i].short == c && c != 0 {
			return &table[i]
		}
	}
	return nil
}

// matchLong is getopt_long's lookup: an exact name, else the one option
// the prefix abbreviates; several is ambiguous.
func matchLong(prog string, table []option, name, arg string) (*option, error) {
	var found []*option
	for i := range table {
		if table[i].long == name {
			return &table[i], nil
		}
		if name != "" && strings.HasPrefix(table[i].long, name) {
			found = append(found, &table[i])
		}
	}
	switch len(found) {
	case 0:
		return nil, getoptError(fmt.Sprintf("%s: unrecognized option '%s'", prog, arg))
	case 1:
		return found[0], nil
	}
	msg := fmt.Sprintf("%s: option '--%s' is ambiguous; possibilities:", prog, name)
	for _, o := range found {
		msg += " '--" + o.long + "'"
	}
	return nil, getoptError(msg)
}

func (e getoptError) Error() string { return string(e) }
