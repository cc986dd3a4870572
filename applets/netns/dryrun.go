package netns

import (
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"nsbox/nslib"
	"nsbox/nslib/link"
	"nsbox/nslib/nsid"
	"nsbox/nslib/procscan"
	"nsbox/wifi"
)

// dryRun prints what `delete [--kill] [--evacuate] NAME` would do and
// changes nothing: it only reads /proc, mount tables and netlink dumps.
// It fails as the delete would: a missing name, a refused --kill or
// --evacuate, an evacuation the kernel would refuse (a name taken).
func (c *cmd) dryRun(name string, kill, evacuate bool) error {
	path := c.run.Path(name)
	if _, err := os.Lstat(path); err != nil {
		return c.runErr(nslib.OpErr(nslib.UnwrapPath(err), "Cannot remove namespace file \"%s\"", path))
	}
	f, err := c.run.OpenNamed(name)
	if err != nil || f.CheckType(unix.CLONE_NEWNET) != nil {
		if f != nil {
			f.Close()
		}
		c.out.WriteString("remove " + path + " (no namespace is mounted there)\n")
		return nil
	}
	defer f.Close()
	id, err := f.Ident()
	if err != nil {
		return c.runErr(err)
	}
	if kill || evacuate {
		if err := c.emptyCheck(id, kill, evacuate); err != nil {
			return err
		}
	}
	home, homeErr := nslib.OpenPIDNS(1, "net")
	if homeErr != nil && evacuate {
		return c.fail(1, "Cannot open the initial network namespace: %s", nslib.Strerror(homeErr))
	}
	var homeDevs []link.Device
	if home != nil {
		defer home.Close()
		homeDevs, _ = link.Devices(home.FD())
	}
	taken := link.Names(homeDevs)
	devs, err := link.Devices(f.FD())
	if err != nil {
		return c.fail(2, "netns: %s: %s", name, nsid.NetlinkError(err))
	}
	phys, ifs := radios(f.FD())
	radioIf := map[uint32]bool{}
	for _, i := range ifs {
		radioIf[i.Index] = true
	}

	c.out.WriteString("unmount " + path + " and remove it\n")
	gone := map[uint32]bool{} // devices evacuated
	if evacuate {
		for _, p := range phys {
			if p.CanChangeNetns {
				c.out.WriteString("move radio " + p.Name + radioInterfaces(ifs, p.Index, &taken) + " to the initial namespace\n")
				for _, i := range ifs {
					gone[i.Index] = i.Phy == p.Index || gone[i.Index]
				}
			}
		}
		for i := range devs {
			d := &devs[i]
			if !d.Physical() || gone[d.Index] {
				continue
			}
			if slices.Contains(taken, d.Name) {
				// The move names no new name, so the kernel refuses it.
				return c.fail(2, "netns: %s: %s", name, nslib.OpErr(unix.EEXIST, "moving %s", d.Name).Error())
			}
			c.out.WriteString("move " + d.Name + " to the initial namespace\n")
			taken = append(taken, d.Name)
			gone[d.Index] = true
		}
	}
	h := scanHolders(f, id.Ino, path, kill)
	users := procscan.UserNames{}
	if kill {
		killed := map[int]bool{}
		for _, p := range h.procs {
			killed[p.PID] = true
			c.out.WriteString("kill " + strconv.Itoa(p.PID) + " " + users.Name(p.UID) + " " + p.Command + "\n")
		}
		h.procs = nil
		h.fds = slices.DeleteFunc(h.fds, func(d fdHolder) bool { return killed[d.PID] })
		h.sockets = slices.DeleteFunc(h.sockets, func(r procscan.FDRef) bool { return killed[r.PID] })
	}
	if h.dies() {
		c.out.WriteString("then the namespace dies\n")
	} else {
		c.out.WriteString("then the namespace stays, held by " + h.summary() + " (its devices stay in it until it dies):\n")
		h.writeText(c, "  ", users)
	}
	c.out.WriteString("devices, when the namespace dies:\n")
	for _, p := range phys {
		if !evacuate || !p.CanChangeNetns {
			c.out.WriteString("  radio " + p.Name + radioInterfaces(ifs, p.Index, &taken) + ": returns to the initial namespace\n")
		}
	}
	peers := peerFinder{self: f, home: home, c: c}
	defer peers.close()
	for i := range devs {
		d := &devs[i]
		if gone[d.Index] || radioIf[d.Index] {
			continue
		}
		fate := ""
		switch {
		case d.Loopback:
			fate = "destroyed"
		case d.Physical():
			to := link.RefundName(d, taken)
			taken = append(taken, to)
			fate = "returns to the initial namespace"
			if to != d.Name {
				fate += " as " + to + " (" + d.Name + " is taken there)"
			}
		case d.Kind == "veth":
			fate = "destroyed, and its peer " + peers.describe(d, devs)
		default:
			fate = "destroyed"
		}
		kind := ""
		if d.Kind != "" {
			kind = " (" + d.Kind + ")"
		}
		c.out.WriteString("  " + d.Name + kind + ": " + fate + "\n")
	}
	if h.incomplete {
		c.warn(incompleteNote)
	}
	return nil
}

// emptyCheck is emptyNamespace's refusal without the emptying.
func (c *cmd) emptyCheck(id nslib.Ident, kill, evacuate bool) error {
	if why := homeNamespace(id); why != "" {
		return &refusal{options: emptyOptions(kill, evacuate), why: why}
	}
	return nil
}

// radios are the wireless phys of a namespace and their interfaces (none
// without nl80211).
func radios(netnsFD int) ([]wifi.Phy, []wifi.Interface) {
	c, err := wifi.Dial(netnsFD)
	if err != nil {
		return nil, nil
	}
	defer c.Close()
	phys, _ := c.Phys()
	ifs, _ := c.Interfaces()
	return phys, ifs
}

// radioInterfaces is " (wlan0, wlan1 as wlan2)": a radio's interfaces and
// the names cfg80211_switch_netns gives them in the initial namespace
// ("wlan%d" for a name taken there), which it adds to taken.
func radioInterfaces(ifs []wifi.Interface, phy uint32, taken *[]string) string {
	var parts []string
	for _, name := range wifi.PhyInterfaces(ifs, phy) {
		to := name
		if slices.Contains(*taken, name) {
			to = link.LowestFree("wlan%d", *taken)
		}
		*taken = append(*taken, to)
		if to != name {
			name += " as " + to
		}
		parts = append(parts, name)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// peerFinder names the other end of a veth: the namespace its nsid (as
// the dying namespace sees it) stands for, among the initial one, ours,
// the named ones and those of every process.
type peerFinder struct {
	c          *cmd
	self, home *nslib.NSFile
	cands      []peerNS
	loaded     bool
}

type peerNS struct {
	f    *nslib.NSFile
	what string
	id   int32
}

func (p *peerFinder) describe(d *link.Device, devs []link.Device) string {
	if d.LinkNSID < 0 {
		for _, o := range devs {
			if o.Index == d.Link {
				return o.Name
			}
		}
		return "(ifindex " + strconv.FormatUint(uint64(d.Link), 10) + ")"
	}
	p.load()
	for _, c := range p.cands {
		if c.id != d.LinkNSID {
			continue
		}
		peers, _ := link.Devices(c.f.FD())
		for _, o := range peers {
			if o.Index == d.Link {
				return o.Name + " in " + c.what
			}
		}
	}
	return "(ifindex " + strconv.FormatUint(uint64(d.Link), 10) + ") in the namespace of nsid " + strconv.Itoa(int(d.LinkNSID))
}

// load opens the candidate namespaces and asks the dying namespace for
// their nsids; asking assigns none.
func (p *peerFinder) load() {
	if p.loaded {
		return
	}
	p.loaded = true
	seen := map[uint64]bool{}
	if id, err := p.self.Ident(); err == nil {
		seen[id.Ino] = true
	}
	add := func(f *nslib.NSFile, what string) {
		if f == nil {
			return
		}
		if id, err := f.Ident(); err != nil || seen[id.Ino] {
			f.Close()
			return
		} else {
			seen[id.Ino] = true
			if what == "" {
				what = "net:[" + strconv.FormatUint(id.Ino, 10) + "]"
			}
		}
		p.cands = append(p.cands, peerNS{f: f, what: what})
	}
	if home, err := nslib.OpenPIDNS(1, "net"); err == nil {
		add(home, "the initial namespace")
	}
	if own, err := nslib.Open("/proc/thread-self/ns/net"); err == nil {
		add(own, "netns's own namespace")
	}
	names, _ := p.c.run.Names()
	for _, n := range names {
		if f, err := p.c.run.OpenNamed(n); err == nil && f.CheckType(unix.CLONE_NEWNET) == nil {
			add(f, "netns "+n)
		} else if f != nil {
			f.Close()
		}
	}
	for _, ns := range scanNet(false).Namespaces {
		if ns.Rep == nil || seen[ns.Ino] {
			continue
		}
		if f, err := nslib.OpenPIDNS(ns.Rep.PID, "net"); err == nil {
			add(f, "net:["+strconv.FormatUint(ns.Ino, 10)+"] (pid "+strconv.Itoa(ns.Rep.PID)+")")
		}
	}
	conn, err := nsid.Dial(p.self.FD())
	if err != nil {
		return
	}
	defer conn.Close()
	fds := make([]int, len(p.cands))
	for i, c := range p.cands {
		fds[i] = c.f.FD()
	}
	for i, id := range conn.GetMany(unix.NETNSA_FD, fds) {
		p.cands[i].id = id
	}
}

func (p *peerFinder) close() {
	for _, c := range p.cands {
		c.f.Close()
	}
}
