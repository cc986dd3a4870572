package link

import "testing"

// TestRefundName: default_device_exit_net's choice, step by step.
func TestRefundName(t *testing.T) {
	d := &Device{Index: 7, Name: "eth1"}
	for _, tc := range []struct {
		taken []string
		want  string
	}{
		{nil, "eth1"},
		{[]string{"eth0"}, "eth1"},
		{[]string{"eth1"}, "dev7"},
		{[]string{"eth1", "dev7"}, "dev0"},
		{[]string{"eth1", "dev7", "dev0", "dev1"}, "dev2"},
	} {
		if got := RefundName(d, tc.taken); got != tc.want {
			t.Errorf("RefundName(eth1, index 7, taken %q) = %q, want %q", tc.taken, got, tc.want)
		}
	}
	if got := LowestFree("wlan%d", []string{"wlan0", "wlan2"}); got != "wlan1" {
		t.Errorf("LowestFree(wlan%%d) = %q, want wlan1", got)
	}
}
