package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDigestCommand(t *testing.T) {
	carter := filepath.Join(sharedDir(t), "scenarios", "carter-crisis.yaml")
	out, errOut, code := runCLI(t, "digest", "--scenario", carter, "--preview", "text")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Subject: ownerd: studio — 2 gaps open", "was handed from Josh to Anna", "The date on MKT-214 has slipped 2 times.", "For Raj Mehta"} {
		if !strings.Contains(out, want) {
			t.Errorf("the digest lacks %q:\n%s", want, out)
		}
	}
	out, _, code = runCLI(t, "digest", "--scenario", carter, "--preview", "eml", "--team", "studio")
	if code != 0 || !strings.Contains(out, "multipart/alternative") || !strings.Contains(out, "To: <raj@agency.example>") || !strings.Contains(out, "text/html") {
		t.Errorf("eml: exit %d\n%.600s", code, out)
	}
	if _, errOut, code := runCLI(t, "digest", "--scenario", carter, "--team", "nobody"); code != exitBadInput || !strings.Contains(errOut, "studio") {
		t.Errorf("an unknown team: exit %d %s", code, errOut)
	}
	if _, _, code := runCLI(t, "digest", "--scenario", carter, "--preview", "pdf"); code != exitBadInput {
		t.Errorf("an unknown preview: exit %d", code)
	}
}

func TestRetroCommand(t *testing.T) {
	carter := filepath.Join(sharedDir(t), "scenarios", "carter-crisis.yaml")
	out, errOut, code := runCLI(t, "retro", "--scenario", carter)
	if code != 0 || !strings.Contains(out, "Did we have an owner?") || !strings.Contains(out, "week of   opened  resolved") {
		t.Fatalf("retro: exit %d %s\n%s", code, errOut, out)
	}
	out, _, code = runCLI(t, "retro", "--scenario", carter, "--preview", "html", "--team", "studio")
	if code != 0 || !strings.Contains(out, `src="data:image/png;base64,`) || !strings.Contains(out, "The debrief") {
		t.Errorf("retro html: exit %d\n%.400s", code, out)
	}
	out, _, code = runCLI(t, "retro", "--scenario", carter, "--preview", "eml", "--team", "studio")
	if code != 0 || !strings.Contains(out, "multipart/related") || !strings.Contains(out, "Content-Id: <trend.png>") || !strings.Contains(out, `cid:trend.png`) {
		t.Errorf("retro eml: exit %d\n%.400s", code, out)
	}
	if _, _, code := runCLI(t, "retro", "--scenario", carter, "--since", "soon"); code != exitBadInput {
		t.Errorf("--since soon: exit %d", code)
	}
}
