package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRun_DemoGeneratesEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	out, err := runCmd(t, "demo", "--database-url", path, "--projects", "40", "--entries", "200")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^generated 200 entries in \S+$`).MatchString(out) {
		t.Errorf("demo --entries 200 printed %q", out)
	}
	if _, err := runCmd(t, "demo", "--database-url", path, "--entries", "-1"); err == nil || !strings.Contains(err.Error(), "entries") {
		t.Errorf("--entries -1: %v", err)
	}
}
