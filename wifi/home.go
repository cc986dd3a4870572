package wifi

import "fmt"

// MovedPhy is a phy that MovePhysHome moved, with the interfaces it took.
type MovedPhy struct {
	Name       string
	Interfaces []string
}

// MovePhysHome moves every phy of the namespace srcFD that may change
// namespace to the namespace dstFD (for `netns delete --evacuate`: the
// initial one). A kernel without nl80211 has no phys: nothing to do, no
// error. On a refusal it stops and returns what moved so far.
func MovePhysHome(srcFD, dstFD int) ([]MovedPhy, error) {
	c, err := Dial(srcFD)
	if err == ErrNoWireless {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer c.Close()
	phys, err := c.Phys()
	if err != nil {
		return nil, err
	}
	ifs, err := c.Interfaces()
	if err != nil {
		return nil, err
	}
	var moved []MovedPhy
	for _, p := range phys {
		if !p.CanChangeNetns {
			continue
		}
		if err := c.MovePhy(p.Index, dstFD); err != nil {
			return moved, fmt.Errorf("moving %s: %w", p.Name, err)
		}
		moved = append(moved, MovedPhy{Name: p.Name, Interfaces: PhyInterfaces(ifs, p.Index)})
	}
	return moved, nil
}
