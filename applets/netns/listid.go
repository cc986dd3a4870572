package netns

import (
	"strconv"

	"nsbox/applets/applet"
	"nsbox/nslib/nsid"
)

// listID prints the nsids this namespace (or the -n one) has assigned:
// `list-id [target-nsid N] [nsid M]`.
func (c *cmd) listID(args []string) error {
	target, want := int64(-1), int64(-1)
	for i := 0; i < len(args); i++ {
		key := args[i]
		var val *int64
		switch key {
		case "target-nsid":
			val = &target
		case "nsid":
			val = &want
		default:
			return c.usage()
		}
		if *val >= 0 {
			return c.fail(255, "Error: duplicate \"%s\": \"%s\" is the second value.", key, key)
		}
		if i+1 >= len(args) {
			return c.fail(255, "Command line is not complete. Try option \"help\"")
		}
		i++
		v, ok := applet.ParseCInt(args[i], 0, 32)
		if !ok {
			return c.fail(255, "Error: argument \"%s\" is wrong: \"%s\" value is invalid", args[i], key)
		}
		if v < 0 {
			return c.fail(255, "Error: argument \"(null)\" is wrong: \"%s\" value should be >= 0", key)
		}
		*val = v
	}
	names := c.nsidNames()
	conn, err := nsid.Dial(c.viewerFD())
	if err != nil {
		return c.fail(1, "%s", nsid.NetlinkError(err))
	}
	defer conn.Close()
	var list []nsid.Entry
	if want >= 0 {
		e, err := conn.Lookup(int32(want), int32(target))
		if err != nil {
			return c.fail(2, "%s", nsid.NetlinkError(err))
		}
		list = []nsid.Entry{e}
	} else {
		if list, err = conn.Dump(int32(target)); err != nil {
			c.errorf("%s", nsid.NetlinkError(err))
			return c.fail(1, "Dump terminated")
		}
	}
	j := c.jsonWriter()
	if j != nil {
		j.startArray()
	}
	for _, e := range list {
		// Names mean something only in the viewer's namespace: with a
		// target, the name is found by the viewer's own id (current-nsid).
		key := e.NSID
		if target >= 0 {
			key = e.Current
		}
		name, named := names[key]
		named = named && key >= 0
		if j != nil {
			j.startObject()
			if e.NSID >= 0 {
				j.int("nsid", int64(e.NSID))
			}
			if target >= 0 && e.Current >= 0 {
				j.int("current-nsid", int64(e.Current))
			}
			if named {
				j.str("name", name)
			}
			j.endObject()
			continue
		}
		c.out.WriteString("nsid " + idText(e.NSID) + " ")
		if target >= 0 {
			c.out.WriteString("current-nsid " + idText(e.Current) + " ")
		}
		if named {
			c.out.WriteString("(iproute2 netns name: " + name + ")")
		}
		c.out.WriteByte('\n')
	}
	c.endJSON(j)
	return nil
}

func idText(id int32) string {
	if id < 0 {
		return "unassigned"
	}
	return strconv.Itoa(int(id))
}
