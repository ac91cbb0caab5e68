// Command synthetic-scenario writes a generated organisation of -n
// deliverables as a scenario file on standard output, for measuring
// `ownerd check` as a whole process (.ci/bench-check).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ownerd/ownerd/connectors/synthetic"
)

func main() {
	n := flag.Int("n", 66000, "deliverables")
	seed := flag.Uint64("seed", 1, "the generator's seed")
	flag.Parse()
	if err := synthetic.WriteScenario(os.Stdout, synthetic.Generate(*n, *seed)); err != nil {
		fmt.Fprintln(os.Stderr, "synthetic-scenario:", err)
		os.Exit(1)
	}
}
