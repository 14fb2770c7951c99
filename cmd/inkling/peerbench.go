package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"inkling/dataset"
	"inkling/nn"
)

// peerbench trains inkling's versions of the peer benchmark's networks on
// the very same synthetic data as ../shared/bench (make_synthetic.py writes
// it as course-style MAT files, which dataset.LoadNIST36Dir reads), then runs
// the Python peers back to back, and prints one table of medians and ratios.
// The work matches the peers': the same layers, batch sizes and optimisers,
// the shuffle redrawn every epoch, no gradient for the input images, and only
// the training part of each epoch is timed.

// peerTask is one network of the comparison.
type peerTask struct {
	name  string
	batch int
	flops float64                                                                 // per sample, forward + backward, as the peers count them
	ours  func(train *dataset.Set, rng *rand.Rand, epochs, threads int) []float64 // seconds per epoch
	peers []string                                                                // peer scripts with their arguments
}

func peerTasks() []peerTask {
	return []peerTask{
		{"fc", 32, 275968, benchFC, []string{"numpy_fc.py --dtype float32", "numpy_fc.py --dtype float64", "torch_fc.py"}},
		{"ae", 36, 339968, benchAE, []string{"numpy_ae.py --dtype float32", "numpy_ae.py --dtype float64", "torch_ae.py"}},
		{"cnn", 32, 9576448, benchCNN, []string{"torch_cnn.py"}},
	}
}

func runPeerbench(args []string) error {
	fs := flag.NewFlagSet("peerbench", flag.ContinueOnError)
	peerDir := fs.String("peer", "../shared/bench", "the peer benchmark's directory")
	synth := fs.String("synth", "/tmp/peerbench/synth36", "synthetic data (written by the peer's make_synthetic.py when missing)")
	epochs := fs.Int("epochs", 3, "epochs per run (the peers' default)")
	runs := fs.Int("runs", 3, "runs of each configuration; the table shows medians")
	threadList := fs.String("threads", "1", "comma-separated thread counts, e.g. 1,2")
	taskList := fs.String("tasks", "fc,ae,cnn", "which networks")
	python := fs.String("python", "/usr/bin/python3", "the Python with numpy and torch")
	noPeers := fs.Bool("no-peers", false, "run only inkling's side")
	gemm := fs.Bool("gemm", true, "also time float32 GEMM on the MLP's three training shapes against numpy's OpenBLAS (1 thread)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*synth, "nist36_train.mat")); err != nil {
		fmt.Fprintf(os.Stderr, "writing the synthetic data to %s\n", *synth)
		cmd := exec.Command(*python, "make_synthetic.py", *synth)
		cmd.Dir, cmd.Stderr = *peerDir, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("peerbench: make_synthetic.py: %w", err)
		}
	}
	train, _, _, err := dataset.LoadNIST36Dir(*synth)
	if err != nil {
		return err
	}
	var threads []int
	for _, t := range strings.Split(*threadList, ",") {
		var n int
		if _, err := fmt.Sscan(t, &n); err != nil || n < 1 {
			return fmt.Errorf("peerbench: bad thread count %q", t)
		}
		threads = append(threads, n)
	}
	want := map[string]bool{}
	for _, t := range strings.Split(*taskList, ",") {
		want[t] = true
	}

	// secs[config] collects the median seconds per epoch of each run; byRun[config][run] the same by
	// run, so that a peer is compared with our run right before it.
	byRun := map[string]map[int]float64{}
	secs := map[string][]float64{}
	var order []string
	record := func(key string, run int, s float64) {
		if byRun[key] == nil {
			byRun[key] = map[int]float64{}
		}
		byRun[key][run] = s
		if _, ok := secs[key]; !ok {
			order = append(order, key)
		}
		secs[key] = append(secs[key], s)
	}
	fmt.Fprintf(os.Stderr, "load average at the start: %s\n", loadAverage())
	gemmRates := map[string][]float64{} // "shape|side" → median GFLOP/s of each run
	for r := 0; r < *runs; r++ {        // runs outermost, as the peers do: noise spreads over all configurations
		if *gemm {
			if err := gemmRound(*python, *peerDir, *noPeers, gemmRates); err != nil {
				fmt.Fprintf(os.Stderr, "peerbench: gemm: %v\n", err)
			}
		}
		for _, task := range peerTasks() {
			if !want[task.name] {
				continue
			}
			for _, t := range threads {
				prev := runtime.GOMAXPROCS(t)
				e := task.ours(train, rand.New(rand.NewPCG(uint64(r), 0)), *epochs, t)
				runtime.GOMAXPROCS(prev)
				record(fmt.Sprintf("%s|inkling float32|%d", task.name, t), r, medianOf(e))
				fmt.Fprintf(os.Stderr, "run %d %s inkling %d thread(s): %.4f s/epoch\n", r+1, task.name, t, medianOf(e))
				if *noPeers {
					continue
				}
				for _, p := range task.peers {
					s, err := runPeer(*python, *peerDir, p, *synth, *epochs, t)
					if err != nil {
						fmt.Fprintf(os.Stderr, "peer %s: %v\n", p, err)
						continue
					}
					record(fmt.Sprintf("%s|%s|%d", task.name, peerName(p), t), r, s)
					fmt.Fprintf(os.Stderr, "run %d %s %s %d thread(s): %.4f s/epoch\n", r+1, task.name, peerName(p), t, s)
				}
			}
		}
	}
	printPeerTable(order, secs, byRun)
	if *gemm {
		fmt.Println()
		printGemmTable(gemmRates)
	}
	fmt.Printf("\nload average at the end: %s\n", loadAverage())
	return nil
}

// loadAverage returns the first three fields of /proc/loadavg, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// peerName turns "numpy_fc.py --dtype float32" into "numpy float32".
func peerName(p string) string {
	f := strings.Fields(p)
	impl := strings.SplitN(f[0], "_", 2)[0]
	dtype := "float32"
	if len(f) == 3 {
		dtype = f[2]
	}
	return impl + " " + dtype
}

// runPeer runs one peer script and returns its median seconds per epoch.
func runPeer(python, dir, script, data string, epochs, threads int) (float64, error) {
	blas := threads
	if strings.HasPrefix(script, "torch") {
		blas = 1 // as the peers' run_all.sh does: torch's OpenMP pool gets the threads, its OpenBLAS one
	}
	args := append(strings.Fields(script), "--data", data, "--epochs", fmt.Sprint(epochs), "--threads", fmt.Sprint(threads))
	cmd := exec.Command(python, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), fmt.Sprintf("OMP_NUM_THREADS=%d", threads), fmt.Sprintf("OPENBLAS_NUM_THREADS=%d", blas))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%w: %s", err, strings.TrimSpace(errb.String()))
	}
	var res struct {
		SecondsPerEpoch float64 `json:"seconds_per_epoch"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(out.Bytes()), &res); err != nil {
		return 0, fmt.Errorf("reading its JSON line: %w", err)
	}
	return res.SecondsPerEpoch, nil
}

// printPeerTable prints one row per configuration. The ratio column is the median, over runs, of
// this configuration's time divided by ours in the same run (back to back, so on a shared machine
// both saw about the same load), with the range over runs; the ratio of the two medians is given too.
func printPeerTable(order []string, secs map[string][]float64, byRun map[string]map[int]float64) {
	fmt.Println("| task | implementation | threads | s/epoch (median) | samples/s | GFLOP/s | inkling ÷ this (paired runs: median, range) | ratio of medians |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	flops := map[string]float64{}
	for _, t := range peerTasks() {
		flops[t.name] = t.flops
	}
	const samples = 10800 // the peers' training set
	for _, key := range order {
		f := strings.Split(key, "|")
		ourKey := f[0] + "|inkling float32|" + f[2]
		s, ours := medianOf(secs[key]), medianOf(secs[ourKey])
		var paired []float64
		for r, v := range byRun[key] {
			if o := byRun[ourKey][r]; o > 0 && v > 0 {
				paired = append(paired, v/o)
			}
		}
		pairedCol, ratio := "–", "–"
		if len(paired) > 0 {
			pairedCol = fmt.Sprintf("%.2f× (%.2f–%.2f)", medianOf(paired), slices.Min(paired), slices.Max(paired))
		}
		if ours > 0 && s > 0 {
			ratio = fmt.Sprintf("%.2f×", s/ours)
		}
		fmt.Printf("| %s | %s | %s | %.4f | %.0f | %.1f | %s | %s |\n", f[0], f[1], f[2], s, samples/s, flops[f[0]]*samples/s/1e9, pairedCol, ratio)
	}
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// epochLoop times epochs of shuffled mini-batches; step trains one batch.
func epochLoop(n, batch, epochs int, rng *rand.Rand, step func(idx []int)) []float64 {
	var secs []float64
	for e := 0; e < epochs; e++ {
		start := time.Now()
		order := rng.Perm(n)
		for s := 0; s < n; s += batch {
			step(order[s:min(s+batch, n)])
		}
		secs = append(secs, time.Since(start).Seconds())
	}
	return secs
}

// benchFC is the peers' numpy_fc.py: 1024-64 sigmoid-36 softmax, Xavier,
// plain SGD, lr 1e-2 on the batch-summed gradient, batch 32.
func benchFC(train *dataset.Set, rng *rand.Rand, epochs, threads int) []float64 {
	net := nn.NewNetwork[float32](nn.NewDense[float32](1024, 64, rng), &nn.Sigmoid[float32]{},
		nn.NewDense[float32](64, 36, rng), &nn.Softmax[float32]{})
	opt := &nn.SGD[float32]{LR: 1e-2}
	return classifierEpochs(net, opt, train, 32, epochs, rng)
}

// benchCNN is the peers' torch_cnn.py: conv5×5×16, ReLU, maxpool 2,
// conv5×5×32, ReLU, maxpool 2, FC 128, ReLU, FC 36; SGD lr 0.01 momentum
// 0.9 on the mean loss (0.01/32 on our summed one), batch 32.
func benchCNN(train *dataset.Set, rng *rand.Rand, epochs, threads int) []float64 {
	c1 := nn.NewConv2D[float32](nn.ConvShape{C: 1, H: 32, W: 32, Size: 5, Stride: 1}, 16, rng)
	c2 := nn.NewConv2D[float32](nn.ConvShape{C: 16, H: 14, W: 14, Size: 5, Stride: 1}, 32, rng)
	net := nn.NewNetwork[float32](
		c1, &nn.ReLU[float32]{}, nn.NewMaxPool[float32](16, 28, 28, 2, 2),
		c2, &nn.ReLU[float32]{}, nn.NewMaxPool[float32](32, 10, 10, 2, 2),
		&nn.Flatten[float32]{C: 32, H: 5, W: 5},
		nn.NewDense[float32](800, 128, rng), &nn.ReLU[float32]{},
		nn.NewDense[float32](128, 36, rng), &nn.Softmax[float32]{})
	net.SetWorkers(threads)
	opt := &nn.SGD[float32]{LR: 0.01 / 32, Momentum: 0.9}
	return classifierEpochs(net, opt, train, 32, epochs, rng)
}

func classifierEpochs(net *nn.Network[float32], opt nn.Optimizer[float32], train *dataset.Set, batch, epochs int, rng *rand.Rand) []float64 {
	var x nn.Matrix[float32]
	labels := make([]int, batch)
	params := net.Params()
	return epochLoop(train.Len(), batch, epochs, rng, func(idx []int) {
		nn.Gather(&x, train.X, 1024, idx)
		labels = labels[:0]
		for _, i := range idx {
			labels = append(labels, train.Y[i])
		}
		net.StepCrossEntropy(&x, labels)
		opt.Step(params)
	})
}

// benchAE is the peers' numpy_ae.py: 1024-32-32-32 ReLU-1024 sigmoid, summed
// squared error, SGD momentum 0.9, lr 3e-5, batch 36.
func benchAE(train *dataset.Set, rng *rand.Rand, epochs, threads int) []float64 {
	net := nn.NewNetwork[float32](
		nn.NewDense[float32](1024, 32, rng), &nn.ReLU[float32]{},
		nn.NewDense[float32](32, 32, rng), &nn.ReLU[float32]{},
		nn.NewDense[float32](32, 32, rng), &nn.ReLU[float32]{},
		nn.NewDense[float32](32, 1024, rng), &nn.Sigmoid[float32]{})
	opt := &nn.SGD[float32]{LR: 3e-5, Momentum: 0.9}
	var x nn.Matrix[float32]
	params := net.Params()
	return epochLoop(train.Len(), 36, epochs, rng, func(idx []int) {
		nn.Gather(&x, train.X, 1024, idx)
		net.StepSquaredError(&x, &x)
		opt.Step(params)
	})
}
