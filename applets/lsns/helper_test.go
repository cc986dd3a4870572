package lsns_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The test binary doubles as a helper process for the features that need
// a thread or a socket in a namespace of its own (no python, no C).
const envHelper = "NSBOX_LSNS_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(envHelper) {
	case "":
		os.Exit(m.Run())
	case "thread-netns":
		helperThreadNetns()
	case "socket-netns":
		helperSocketNetns(os.Getenv("NSBOX_LSNS_NETNS"))
	}
	os.Exit(2)
}

// helperThreadNetns puts one thread into a new network namespace and
// waits: only /proc/PID/task/TID/ns/net shows it.
func helperThreadNetns() {
	runtime.LockOSThread() // keep the main thread (the leader) for main
	done := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with its namespace
		done <- unix.Unshare(unix.CLONE_NEWNET)
		select {}
	}()
	if err := <-done; err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	time.Sleep(time.Hour)
}

// helperSocketNetns opens a socket inside the named namespace from a
// thread that then returns home: the socket alone holds the namespace.
func helperSocketNetns(path string) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	done := make(chan error)
	go func() {
		runtime.LockOSThread()
		home, err := os.Open("/proc/thread-self/ns/net")
		if err == nil {
			err = unix.Setns(int(f.Fd()), unix.CLONE_NEWNET)
		}
		if err == nil {
			_, err = unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
		}
		if err == nil {
			err = unix.Setns(int(home.Fd()), unix.CLONE_NEWNET)
		}
		if err == nil {
			runtime.UnlockOSThread()
		}
		done <- err
	}()
	if err := <-done; err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	f.Close()
	fmt.Println("ready")
	time.Sleep(time.Hour)
}
