//go:build !linux

package app_test

import (
	"testing"

	"github.com/furusato/furusato/internal/store"
)

// cpuMeter is measured on Linux only (getrusage and /proc).
type cpuMeter struct{}

func startCPU(*testing.B, *store.DB) *cpuMeter { return &cpuMeter{} }

func (*cpuMeter) report(*testing.B) {}
