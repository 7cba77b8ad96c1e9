package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestServe_MetricsOnTheirOwnAddressOnly: with --metrics-addr the metrics
// answer there, and the site answers /metrics with 404; with
// --metrics-token the site serves them to that bearer token only.
func TestServe_MetricsOnTheirOwnAddressOnly(t *testing.T) {
	clearEnv(t)
	const token = "0123456789abcdef0123456789abcdef"
	cfg, err := parseConfig("serve", []string{"--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--metrics-token", token,
		"--database-url", filepath.Join(t.TempDir(), "furusato.db"), "--base-url", "https://furusato.example.jp"})
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, db, cfg) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	find := func(re *regexp.Regexp) string {
		var m []string
		testkit.EventuallyOK(t, 10*time.Second, func() error {
			if m = re.FindStringSubmatch(logs.String()); m == nil {
				return fmt.Errorf("no %s in the log:\n%s", re, logs.String())
			}
			return nil
		})
		return m[1]
	}
	site := find(regexp.MustCompile(`msg=listening addr=(http://\S+)`))
	metrics := find(regexp.MustCompile(`msg="serving metrics" addr=(http://\S+)`))
	client := &http.Client{Timeout: 5 * time.Second}
	fetch := func(url, auth string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b bytes.Buffer
		_, _ = io.Copy(&b, res.Body)
		return res.StatusCode, b.String()
	}
	if code, body := fetch(metrics, ""); code != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("metrics address: %d\n%.300s", code, body)
	}
	if code, body := fetch(site+"/metrics", ""); code != http.StatusNotFound || strings.Contains(body, "go_goroutines") {
		t.Errorf("site /metrics without the token: %d", code)
	}
	if code, body := fetch(site+"/metrics", "Bearer wrong-token-wrong-token"); code != http.StatusNotFound || strings.Contains(body, "go_goroutines") {
		t.Errorf("site /metrics with a wrong token: %d", code)
	}
	if code, body := fetch(site+"/metrics", "Bearer "+token); code != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("site /metrics with the token: %d", code)
	}
}
