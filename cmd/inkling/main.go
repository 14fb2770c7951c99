// Command inkling is the native side of inkling: it serves the browser app,
// trains and evaluates the networks, and reads text from photos.
//
//	inkling serve     [-addr 127.0.0.1:8000]
//	inkling train     mlp|cnn|autoencoder [flags]
//	inkling eval      -model FILE [-split test|valid|nist26] [-json]
//	inkling extract   IMAGE [-model FILE] [-json] [-annotate out.png]
//	inkling eval-ocr  [-model FILE] [-json]
//
// Every command takes -data DIR (default $INKLING_DATA or ../shared/data)
// where it needs the data sets.
package main

import (
	"errors"
	"fmt"
	"os"
)

// command is one subcommand of the CLI.
type command struct {
	name    string
	summary string
	run     func(args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve the browser app", runServe},
		{"train", "train a model: mlp, cnn, autoencoder", runTrain},
		{"eval", "evaluate a weights file on a data split", runEval},
		{"extract", "read the handwritten text in a photo", runExtract},
		{"eval-ocr", "score text extraction on the course photos", runEvalOCR},
		{"import", "convert pretrained weights: squeezenet, mobilenet", runImport},
		{"peerbench", "training speed side by side with ../shared/bench", runPeerbench},
	}
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "inkling:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "help" || args[0] == "--help" {
		usage()
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:])
		}
	}
	usage()
	return fmt.Errorf("unknown command %q", args[0])
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: inkling <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(os.Stderr, "  %-9s %s\n", c.name, c.summary)
	}
}
