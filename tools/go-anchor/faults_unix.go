//go:build unix

package main

import "syscall"

// minorFaults is the process's count of minor page faults so far (first
// touches of memory it had not used or had given back), or -1 when the system
// does not say.
func minorFaults() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return int64(ru.Minflt)
}
