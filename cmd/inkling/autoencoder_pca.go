package main

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// pca is the linear baseline an autoencoder must beat: the k principal
// components of the training images, and a 2-D view of the codes.
type pca struct {
	width int
	mean  []float64  // (width)
	basis *mat.Dense // (width, k): the components, largest variance first
}

// pcaChunk is how many rows fitPCA turns into float64 at a time, so the
// scatter matrix of 70,000 images needs 32 MB of scratch, not 600 MB.
const pcaChunk = 4096

// columnMeans returns the mean of each column of x (N, width), in float64.
func columnMeans(x []float32, width int) []float64 {
	mean := make([]float64, width)
	for i, v := range x {
		mean[i%width] += float64(v)
	}
	n := float64(max(1, len(x)/width))
	for j := range mean {
		mean[j] /= n
	}
	return mean
}

// fitPCA finds the k leading principal components of the rows of x (N, width):
// the top eigenvectors of the covariance matrix, computed as (XᵀX - N·μμᵀ)/(N-1)
// in float64 over chunks of rows, then decomposed with gonum's EigenSym.
func fitPCA(x []float32, width, k int) (*pca, error) {
	n := len(x) / width
	if n < 2 || k < 1 || k > width {
		return nil, fmt.Errorf("pca: %d components of %d samples of width %d", k, n, width)
	}
	mean := columnMeans(x, width)
	// XᵀX through Dgemm, which gonum blocks and parallelises (its Dsyrk does neither).
	scatter := mat.NewDense(width, width, nil)
	chunk := mat.NewDense(min(pcaChunk, n), width, nil)
	for s := 0; s < n; s += pcaChunk {
		rows := min(pcaChunk, n-s)
		c := chunk.Slice(0, rows, 0, width).(*mat.Dense)
		for i := range rows {
			for j := range width {
				c.Set(i, j, float64(x[(s+i)*width+j])-mean[j]) // centring first keeps the sums small
			}
		}
		raw := c.RawMatrix()
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, raw, raw, 1, scatter.RawMatrix())
	}
	cov := mat.NewSymDense(width, nil)
	for i := range width {
		for j := i; j < width; j++ {
			cov.SetSym(i, j, scatter.At(i, j)/float64(n-1))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, fmt.Errorf("pca: the eigendecomposition did not converge")
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	// EigenSym orders the eigenvalues ascending: the leading components are the last columns.
	basis := mat.NewDense(width, k, nil)
	for c := range k {
		for r := range width {
			basis.Set(r, c, vecs.At(r, width-1-c))
		}
	}
	return &pca{width: width, mean: mean, basis: basis}, nil
}

// explained returns the share of the total variance of x the components keep.
func (p *pca) explained(x []float32) float64 {
	n := len(x) / p.width
	cols := make([]float64, n)
	var total, kept float64
	for j := range p.width {
		for i := range n {
			cols[i] = float64(x[i*p.width+j])
		}
		total += stat.Variance(cols, nil)
	}
	codes := p.project(x)
	k := p.basis.RawMatrix().Cols
	for c := range k {
		for i := range n {
			cols[i] = codes[i*k+c]
		}
		kept += stat.Variance(cols, nil)
	}
	return kept / total
}

// project returns the codes of the rows of x, (N, k) row-major.
func (p *pca) project(x []float32) []float64 {
	n := len(x) / p.width
	k := p.basis.RawMatrix().Cols
	out := make([]float64, n*k)
	centred := make([]float64, p.width)
	code := mat.NewVecDense(k, nil)
	for i := range n {
		for j := range p.width {
			centred[j] = float64(x[i*p.width+j]) - p.mean[j]
		}
		code.MulVec(p.basis.T(), mat.NewVecDense(p.width, centred))
		copy(out[i*k:], code.RawVector().Data)
	}
	return out
}

// reconstruct returns μ + (x-μ)·V·Vᵀ for every row of x, clipped to [0, 1] when clip is set.
func (p *pca) reconstruct(x []float32, clip bool) []float32 {
	n := len(x) / p.width
	k := p.basis.RawMatrix().Cols
	codes := mat.NewDense(max(n, 1), k, p.project(x))
	var back mat.Dense
	back.Mul(codes, p.basis.T())
	out := make([]float32, len(x))
	for i := range n {
		for j := range p.width {
			v := back.At(i, j) + p.mean[j]
			if clip {
				v = min(1, max(0, v))
			}
			out[i*p.width+j] = float32(v)
		}
	}
	return out
}
