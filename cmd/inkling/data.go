package main

import (
	"flag"
	"os"
)

// defaultDataDir is where the data sets live unless -data or INKLING_DATA say otherwise.
const defaultDataDir = "../shared/data"

// dataFlag registers the -data flag on fs, defaulting to $INKLING_DATA or ../shared/data.
func dataFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("INKLING_DATA")
	if def == "" {
		def = defaultDataDir
	}
	return fs.String("data", def, "data directory (or set INKLING_DATA)")
}
