package prestage

// JoinResult is the outcome of the "join" recipe (join.c).
type JoinResult struct {
	Ran, BadData bool
	SetgroupsErr int // errno of the early setgroups (0: fine, or not asked)
	FailedType   int // CLONE_NEW* type whose join failed; -1: the pidfd's
	FailedErrno  int // 0: every join worked
}

// UnshareResult is the outcome of the "unshare" recipe (unshare.c).
type UnshareResult struct {
	Ran, BadData bool
	Step         int // the failed step, 1-7 (unshare.c's UNSHARE_STEP_*); 0: none
	Errno        int
}

// BatchResult is what the fast path did of `netns -b FILE` before it
// stopped part way (fastpath.c's netns_batch): its first Lines lines were
// done, and Rest is the file from the next line on, as the fast path read
// it.
type BatchResult struct {
	File  string
	Rest  []byte
	Lines int
}
