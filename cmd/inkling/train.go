package main

import (
	"fmt"
	"sort"
	"strings"
)

// trainTargets maps each `inkling train` target to its trainer.
func trainTargets() map[string]func(args []string) error {
	return map[string]func(args []string) error{
		"mlp":              trainMLP,
		"cnn":              trainCNN,
		"autoencoder":      trainAutoencoder,
		"flowers-finetune": trainFlowersFinetune,
		"flowers-scratch":  trainFlowersScratch,
		"sun":              trainSUN,
		"cifar10":          trainCIFAR10,
	}
}

func runTrain(args []string) error {
	targets := trainTargets()
	names := make([]string, 0, len(targets))
	for n := range targets {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 {
		return fmt.Errorf("train: which model? one of %s", strings.Join(names, ", "))
	}
	t, ok := targets[args[0]]
	if !ok {
		return fmt.Errorf("train: unknown model %q; want one of %s", args[0], strings.Join(names, ", "))
	}
	return t(args[1:])
}
