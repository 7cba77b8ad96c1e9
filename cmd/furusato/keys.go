package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// runKeys runs `furusato keys rotate`: a new credential signing key signs
// from now on; the old ones stay published (service.Records.RotateKey).
func runKeys(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		usage(os.Stderr)
		return errors.New(`keys: want a subcommand: "keys rotate"`)
	}
	cfg, err := parseConfigWith("keys rotate", args[1:], nil)
	if err != nil {
		return err
	}
	setupLog(cfg)
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	svc, err := service.New(db, service.Config{BaseURL: cfg.BaseURL, Now: time.Now, Argon: service.DefaultArgon})
	if err != nil {
		return err
	}
	if _, err := svc.Records.EnsureKey(ctx); err != nil {
		return err
	}
	name, err := svc.Records.RotateKey(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "signing key %s added; it signs from now on, and the older keys stay published at %s%s\n",
		name, cfg.BaseURL, service.IssuerPath)
	return nil
}
