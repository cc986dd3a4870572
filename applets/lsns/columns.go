package lsns

import (
	"strconv"
	"strings"

	"nsbox/nslib/nsid"
	"nsbox/nslib/procscan"
)

// Column ids, in util-linux's infos[] order (= --output-all order).
const (
	colNS = iota
	colType
	colPath
	colNProcs
	colPID
	colPPID
	colCommand
	colUID
	colUser
	colNetNSID
	colNSFS
	colPNS
	colONS
	colID // nsbox: util-linux (2.42) has no column for it
)

type colInfo struct {
	name  string
	whint int // width hint (libsmartcols: used when the data is narrower)
	right bool
	trunc bool
	wrap  bool
	json  jsonType
	help  string
}

var infos = []colInfo{
	colNS:      {"NS", 10, true, false, false, jsonNumber, "namespace identifier (inode number)"},
	colType:    {"TYPE", 5, false, false, false, jsonString, "kind of namespace"},
	colPath:    {"PATH", 0, false, false, false, jsonString, "path to the namespace"},
	colNProcs:  {"NPROCS", 5, true, false, false, jsonNumber, "number of processes in the namespace"},
	colPID:     {"PID", 5, true, false, false, jsonNumber, "lowest PID in the namespace"},
	colPPID:    {"PPID", 5, true, false, false, jsonNumber, "PPID of the PID"},
	colCommand: {"COMMAND", 0, false, true, false, jsonString, "command line of the PID"},
	colUID:     {"UID", 0, true, false, false, jsonNumber, "UID of the PID"},
	colUser:    {"USER", 0, false, false, false, jsonString, "username of the PID"},
	colNetNSID: {"NETNSID", 0, true, false, false, jsonString, "namespace ID as used by network subsystem"},
	colNSFS:    {"NSFS", 0, false, false, true, jsonString, "nsfs mountpoint (usually used network subsystem)"},
	colPNS:     {"PNS", 10, true, false, false, jsonNumber, "parent namespace identifier (inode number)"},
	colONS:     {"ONS", 10, true, false, false, jsonNumber, "owner namespace identifier (inode number)"},
	colID:      {"ID", 0, true, false, false, jsonNumber, "64-bit namespace identifier (NS_GET_ID), as nsenter -n:ID takes"},
}

// maxColumns is util-linux's columns[] size: twice its 13 columns (ID is
// nsbox's, and does not raise 2.38.1's limit).
const maxColumns = 2 * 13

// columnID is util-linux's column_name_to_id: a case-insensitive exact
// match of name[:n]. The warning quotes name to its end, as C does.
func (c *cmd) columnID(name string, n int) int {
	for i, ci := range infos {
		if len(ci.name) == n && strings.EqualFold(name[:n], ci.name) {
			return i
		}
	}
	c.warnf("unknown column: %s", name)
	return -1
}

// addColumns is util-linux's string_add_to_idarray: "+LIST" appends,
// "LIST" replaces. It returns false on any error (warning only for an
// unknown name).
func (c *cmd) addColumns(list string) bool {
	if list == "" {
		return false
	}
	if list[0] == '+' {
		list = list[1:]
	} else {
		c.columns = c.columns[:0]
	}
	if list == "" {
		return false
	}
	begin := -1
	for p := 0; p < len(list); p++ {
		if len(c.columns) >= maxColumns {
			return false
		}
		if begin < 0 {
			begin = p
		}
		end := -1
		if list[p] == ',' {
			end = p
		}
		if p+1 == len(list) {
			end = p + 1
		}
		if end < 0 {
			continue
		}
		if end <= begin {
			return false
		}
		id := c.columnID(list[begin:], end-begin)
		if id < 0 {
			return false
		}
		c.columns = append(c.columns, id)
		begin = -1
	}
	return true
}

func (c *cmd) hasColumn(id int) bool {
	for _, x := range c.columns {
		if x == id {
			return true
		}
	}
	return false
}

// cellData computes one cell, as util-linux's fill_column.
func (c *cmd) cellData(id int, ns *procscan.Namespace, p *procscan.Process) string {
	typ := procscan.ScanTypes[ns.Type]
	switch id {
	case colNS:
		return strconv.FormatUint(ns.Ino, 10)
	case colType:
		return typ
	case colPath:
		if p == nil {
			return ""
		}
		return procscan.MemberPath(p.PID, ns.ByThread[p.PID], typ)
	case colNProcs:
		return strconv.Itoa(ns.NProcs)
	case colPID:
		if p == nil {
			return ""
		}
		return strconv.Itoa(p.PID)
	case colPPID:
		if p == nil {
			return ""
		}
		return strconv.Itoa(p.PPID)
	case colCommand:
		if p == nil {
			return ""
		}
		return p.Command
	case colUID:
		return strconv.FormatUint(uint64(c.uidOf(ns, p)), 10)
	case colUser:
		return c.users.Name(c.uidOf(ns, p))
	case colNetNSID:
		if typ != "net" {
			return ""
		}
		switch ns.NSID {
		case nsid.Unassigned:
			return "unassigned"
		case nsid.Unknown:
			return ""
		}
		if ns.NSID >= 0 {
			return strconv.Itoa(int(ns.NSID))
		}
		return ""
	case colNSFS:
		sep := "\n"
		if c.noWrap {
			sep = ","
		}
		refs := ns.Refs()
		mounts := refs.Mounts
		if len(mounts) == 0 {
			mounts = refs.ForeignMounts
		}
		return strings.Join(mounts, sep)
	case colPNS:
		return strconv.FormatUint(ns.ParentIno, 10)
	case colONS:
		return strconv.FormatUint(ns.OwnerIno, 10)
	case colID:
		if ns.ID == 0 {
			return "" // before Linux 6.18, or the namespace died
		}
		return strconv.FormatUint(ns.ID, 10)
	}
	return ""
}

func (c *cmd) uidOf(ns *procscan.Namespace, p *procscan.Process) uint32 {
	if p != nil {
		return p.UID
	}
	return ns.OwnerUID
}
