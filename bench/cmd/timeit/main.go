// Command timeit times commands side by side for the bench scripts.
//
//	timeit [-runs N] [-warmup N] [-reps K] [-reset CMD] CMD_A [CMD_B ...]
//
// Each CMD is one string split on blanks (no shell, so no shell start-up is
// timed); "{i}" in it becomes the repetition number 0..K-1. One run of a
// command executes it K times in a row and counts total/K. Runs interleave
// the commands (A B, then B A, ...) so that drift on a noisy machine hits
// them alike; -reset runs untimed after every run. Output, one line per
// command in argument order:
//
//	median_us p25_us p75_us runs
//
// Peak RSS is not measured here: children start through vfork(2), and the
// kernel folds the parent's RSS high-water mark into the child's at exec, so
// the bench scripts take it from /usr/bin/time (a tiny C parent) instead.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "timeit:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("timeit", flag.ContinueOnError)
	runs := fs.Int("runs", 15, "timed runs per command")
	warmup := fs.Int("warmup", 2, "untimed runs per command first")
	reps := fs.Int("reps", 1, "executions per run ({i} = 0..reps-1); a run counts total/reps")
	reset := fs.String("reset", "", "command run untimed after every run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cmds := fs.Args()
	if len(cmds) == 0 || *runs < 1 || *reps < 1 {
		return fmt.Errorf("usage: timeit [-runs N] [-warmup N] [-reps K] [-reset CMD] CMD...")
	}
	samples := make([][]time.Duration, len(cmds)) // per command, one per run
	for round := 0; round < *warmup+*runs; round++ {
		for k := range cmds {
			c := k
			if round%2 == 1 { // A B, B A, A B, ...
				c = len(cmds) - 1 - k
			}
			d, err := timeRun(cmds[c], *reps)
			if err != nil {
				return err
			}
			if *reset != "" {
				if _, err := execute(strings.Fields(*reset)); err != nil {
					return err
				}
			}
			if round < *warmup {
				continue
			}
			samples[c] = append(samples[c], d)
		}
	}
	for _, s := range samples {
		slices.Sort(s)
		fmt.Printf("%d %d %d %d\n", quantile(s, 0.5).Microseconds(),
			quantile(s, 0.25).Microseconds(), quantile(s, 0.75).Microseconds(), len(s))
	}
	return nil
}

// timeRun executes cmd reps times and returns the mean wall time of one
// execution.
func timeRun(cmd string, reps int) (time.Duration, error) {
	var total time.Duration
	for i := 0; i < reps; i++ {
		d, err := execute(strings.Fields(strings.ReplaceAll(cmd, "{i}", strconv.Itoa(i))))
		if err != nil {
			return 0, err
		}
		total += d
	}
	return total / time.Duration(reps), nil
}

// execute runs argv with stdout discarded and returns its wall time, from
// fork to reaped. Its stderr is ours (a pipe would add a goroutine
// to every timing); a failing command is an error.
func execute(argv []string) (time.Duration, error) {
	c := exec.Command(argv[0], argv[1:]...)
	c.Stderr = os.Stderr
	start := time.Now()
	err := c.Run()
	d := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", strings.Join(argv, " "), err)
	}
	return d, nil
}

// quantile of sorted samples, the nearest lower rank (the median of an odd
// count is the middle sample).
func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[int(q*float64(len(sorted)-1))]
}
