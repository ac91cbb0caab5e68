//go:build race

package main

// slowdown is how much slower the race detector makes the code: the
// hostile inputs' bound on time guards against a blow-up, not a constant
// factor.
const slowdown = 10
