//go:build !unix

package benchdata

import "time"

// PeakRSSKB is not measured on this system.
func PeakRSSKB() int64 { return 0 }

// CPUTime is not measured on this system.
func CPUTime() time.Duration { return 0 }
