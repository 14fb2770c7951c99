//go:build !amd64 || purego

package kernel

// impls lists the kernels this platform can run; without assembly only the portable one.
var impls = []*impl{generic}

// choose returns the kernel for a product with n columns: the only one.
func choose(n int) *impl { return generic }

// transpose8 is the hook for an assembly transpose; without one it does nothing and returns 0.
func transpose8(dst []float32, ldd int, src []float32, lds int, kb int) int { return 0 }
