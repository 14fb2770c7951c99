//go:build !amd64 || purego

package kernel

// impls lists the kernels this platform can run; without assembly only the portable one.
var (
	impls = []*impl{generic}
	best  = generic
)
