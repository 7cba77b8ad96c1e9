package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// TestRoutes_EverySecretInAPathIsRedacted reads the route tables of web
// and api: every route with a secret wildcard ({token}, {secret}, …) must
// be one that furusato.SecretPathPrefixes covers, so that its secret never
// reaches a log, the admins' outbox view or a Referer header.
func TestRoutes_EverySecretInAPathIsRedacted(t *testing.T) {
	files, _ := filepath.Glob("routes*.go")
	api, _ := filepath.Glob("../api/routes*.go")
	files = append(files, api...)
	pattern := regexp.MustCompile(`mux\.Handle(?:Func)?\("(?:[A-Z]+ )?([^"]+)"`)
	wildcard := regexp.MustCompile(`\{([a-zA-Z_]+)(?:\.\.\.)?\}`)
	secret := regexp.MustCompile(`(?i)token|secret|code|key|nonce|hash`)
	// Wildcards named like a secret that are none: public keys of projects
	// (id or slug) and images (content hashes, public by design).
	public := map[string]bool{"/projects/{key}": true, "/images/{key...}": true}
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pattern.FindAllStringSubmatch(string(b), -1) {
			p := m[1]
			seen++
			hasSecret := false
			for _, w := range wildcard.FindAllStringSubmatch(p, -1) {
				hasSecret = hasSecret || secret.MatchString(w[1])
			}
			if !hasSecret || public[p] || strings.HasPrefix(p, "/projects/{key}/") {
				continue
			}
			sample := wildcard.ReplaceAllString(p, "Zk3-secret_value")
			if !furusato.IsSecretPath(sample) {
				t.Errorf("%s: route %q has a secret in its path that furusato.SecretPathPrefixes does not cover", f, p)
			}
		}
	}
	if seen < 50 {
		t.Fatalf("read only %d routes; the route files moved?", seen)
	}
}
