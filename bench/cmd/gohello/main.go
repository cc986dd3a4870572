// Command gohello is the start-up floor of any static Go program: it starts
// the Go runtime and exits. The bench times it against the anchors so the
// table separates the runtime's cost from nsbox's own.
package main

func main() {}
