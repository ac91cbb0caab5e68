package scenario

import "regexp"

var (
	reJiraKey = regexp.MustCompile(`^[A-Z][A-Z0-9_]+-[0-9]+$`)
	reRepo    = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	reMsgID   = regexp.MustCompile(`^<[^<>\s]+>$`)
)
