//go:build unix

package benchdata

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
)

// PeakRSSKB is the process's peak resident set size in KiB: VmHWM from
// /proc/self/status on Linux. Not getrusage's ru_maxrss, which on Linux also
// counts the parent's memory copied into the forked child before exec (a
// program started by Node would report Node's size).
func PeakRSSKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range bytes.Split(b, []byte("\n")) {
			if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
				v = bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))
				if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
					return n
				}
			}
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return int64(ru.Maxrss)
}

// CPUTime is the user + system CPU time the process has used (all threads).
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
