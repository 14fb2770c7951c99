package kernel

// The unrolled AVX-512 direct-convolution kernels are written by asmgen;
// TestAsmgen checks that the committed files match its output.
//go:generate go run ./asmgen
