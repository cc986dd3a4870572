package applet

import "strings"

// HasArg is getopt_long's has_arg.
type HasArg int

const (
	NoArg HasArg = iota
	RequiredArg
	OptionalArg
)

func (o *Opt) shortArg() HasArg {
	if o.ShortFlag {
		return NoArg
	}
	return o.Arg
}

// Order is glibc getopt's ordering: where options may stand among operands.
type Order int

const (
	// RequireOrder is an optstring starting with "+" (nsenter, unshare): the
	// first operand ends the options, so the program's options stay its own.
	RequireOrder Order = iota
	// Permute is GNU's default (lsns): operands may stand between options,
	// up to "--".
	Permute
)

// Parsed is one option as getopt_long returns it.
type Parsed struct {
	Opt    *Opt
	Arg    string
	HasArg bool // an argument was given (it may be empty)
}

// GetoptError is a glibc getopt_long diagnostic, "ARGV0: MESSAGE";
// util-linux follows it with errtryhelp.
type GetoptError string

func (e GetoptError) Error() string { return string(e) }

// Getopt is glibc getopt_long over argv[1:]: clustered short options,
// attached arguments (-t1, -nFILE, --net=FILE), optional arguments only when
// attached, exact or unique-prefix long names, "--". It returns the options
// in command-line order, so the caller can act on each in turn as
// util-linux's option loop does, and the operands. At the first error it
// stops, and returns it after the options before it.
func Getopt(argv []string, opts []Opt, order Order) (parsed []Parsed, operands []string, err error) {
	add := func(o *Opt, arg string, has bool) { parsed = append(parsed, Parsed{o, arg, has}) }
	fail := func(msg string) ([]Parsed, []string, error) {
		return parsed, operands, GetoptError(argv[0] + ": " + msg)
	}
	for i := 1; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "--":
			return parsed, append(operands, argv[i+1:]...), nil
		case len(a) < 2 || a[0] != '-':
			if order == RequireOrder {
				return parsed, append(operands, argv[i:]...), nil
			}
			operands = append(operands, a)
		case a[1] == '-':
			key, val, hasVal := strings.Cut(a[2:], "=")
			o, msg := lookupLong(opts, key, a)
			if o == nil {
				return fail(msg)
			}
			switch {
			case o.Arg == NoArg && hasVal:
				return fail("option '--" + o.Long + "' doesn't allow an argument")
			case o.Arg == RequiredArg && !hasVal:
				if i+1 >= len(argv) {
					return fail("option '--" + o.Long + "' requires an argument")
				}
				i++
				val, hasVal = argv[i], true
			}
			add(o, val, hasVal)
		default:
			for j := 1; j < len(a); j++ {
				o := lookupShort(opts, a[j])
				if o == nil {
					return fail("invalid option -- '" + a[j:j+1] + "'")
				}
				rest := a[j+1:]
				arg := o.shortArg()
				switch {
				case arg == NoArg:
					add(o, "", false)
					continue
				case rest != "":
					add(o, rest, true)
				case arg == OptionalArg:
					add(o, "", false)
				case i+1 >= len(argv):
					return fail("option requires an argument -- '" + a[j:j+1] + "'")
				default:
					i++
					add(o, argv[i], true)
				}
				break // the argument took the rest of the cluster
			}
		}
	}
	return parsed, operands, nil
}

func lookupShort(opts []Opt, c byte) *Opt {
	for k := range opts {
		if opts[k].Short == c && c != 0 {
			return &opts[k]
		}
	}
	return nil
}

// lookupLong matches an exact name first, else a unique prefix, as glibc
// does; the message is glibc's for an unknown or ambiguous one.
func lookupLong(opts []Opt, key, arg string) (*Opt, string) {
	var found []*Opt
	for k := range opts {
		if opts[k].Long == key {
			return &opts[k], ""
		}
		if strings.HasPrefix(opts[k].Long, key) {
			found = append(found, &opts[k])
		}
	}
	switch len(found) {
	case 0:
		return nil, "unrecognized option '" + arg + "'"
	case 1:
		return found[0], ""
	}
	msg := "option '" + arg + "' is ambiguous; possibilities:"
	for _, o := range found {
		msg += " '--" + o.Long + "'"
	}
	return nil, msg
}
