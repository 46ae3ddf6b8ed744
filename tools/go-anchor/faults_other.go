//go:build !unix

package main

// minorFaults is -1 where page faults are not counted: no faults/op field is printed.
func minorFaults() int64 {
	return -1
}
