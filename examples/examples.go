// Package examples ships the example organisation inside the binary:
// `ownerd demo` serves it, and `ownerd check` reads it from this folder.
package examples

import _ "embed"

// Agency is agency.yaml: Northwind Studio, where every rule finds one gap
// beside a near-miss that must not be reported.
//
//go:embed agency.yaml
var Agency []byte

// AgencyFile is the name Agency is read under in messages.
const AgencyFile = "examples/agency.yaml"
