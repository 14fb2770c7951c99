package kernel

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) this process has used so far. On a shared machine
// GFLOP/s over CPU time is steadier than over wall time, which includes time spent descheduled.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
