package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

var goKey = regexp.MustCompile(`"([a-z]+\.[a-z0-9_]+)"`)

// Every message id written in this package's code, and every field key
// the service returns for a query, exists in both catalogues.
func TestMessages_EveryKeyUsedExists(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	keys := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".css") && !strings.HasSuffix(m[1], ".svg") && !strings.HasSuffix(m[1], "_") {
				keys[m[1]] = true
			}
		}
	}
	for _, q := range []string{"\xff", strings.Repeat("x", 201)} {
		for _, k := range furusato.ErrorFields(service.CheckQuery(q)) {
			keys[k] = true
		}
	}
	// Keys made of a prefix and a domain value (the filter's choices).
	for _, r := range furusato.RewardTypes {
		keys["filter.reward_"+string(r)] = true
	}
	for _, d := range furusato.Durations {
		keys["filter.duration_"+d] = true
	}
	for _, s := range furusato.Sorts {
		keys["sort."+s] = true
	}
	for _, a := range furusato.AuditActions {
		keys["audit."+strings.ReplaceAll(string(a), ".", "_")] = true
	}
	// Every field key the listing's parser gives a page.
	for _, raw := range []string{"q=%ff", "prefecture=x&area=x&theme=x&remote=x&open=x&reward=x&duration=x&sort=x&page=0&per_page=0", "area=kanto&area=kinki", "a=%zz"} {
		q, err := service.ParseQueryString(raw)
		if err == nil {
			_, err = service.ParseProjectFilter(q)
		}
		for _, k := range furusato.ErrorFields(err) {
			keys[k] = true
		}
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d keys", len(keys))
	}
	for _, lang := range ui.Langs {
		ids, err := ui.MessageIDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		for k := range keys {
			if !ids[k] {
				t.Errorf("%s: message %q is missing", lang, k)
			}
		}
	}
}
