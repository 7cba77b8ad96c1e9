package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/store"
)

func TestKeysRotate_AddsAKeyAndKeepsTheOld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	for _, want := range []string{"key-2", "key-3"} {
		out, err := runCmd(t, "keys", "rotate", "--database-url", path, "--base-url", "https://furusato.example.jp")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "signing key "+want+" added") || !strings.Contains(out, "https://furusato.example.jp/ob3/issuer") {
			t.Errorf("printed %q", out)
		}
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys, err := db.FindSigningKeys(context.Background())
	if err != nil || len(keys) != 3 || keys[0].Name != "key-1" || keys[2].Name != "key-3" {
		t.Fatalf("keys = %+v, %v", keys, err)
	}
	if _, err := runCmd(t, "keys", "nonsense", "--database-url", path); err == nil {
		t.Error("an unknown keys subcommand succeeded")
	}
}
