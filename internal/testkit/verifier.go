package testkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// EnvVCDir is the folder where scripts/test installed the independent
// credential verifier's npm packages (its node_modules holds
// @digitalbazaar/vc and the rest; see scripts/verify-credential.mjs).
const EnvVCDir = "FURUSATO_VC_DIR"

// Verification is what the independent verifier said of a credential.
type Verification struct {
	Verified bool   `json:"verified"`
	Error    string `json:"error"`
	Status   *struct {
		Verified bool   `json:"verified"`
		Revoked  bool   `json:"revoked"`
		Error    string `json:"error"`
	} `json:"status"`
	Fetched []struct {
		URL    string `json:"url"`
		Status int    `json:"status"`
		Type   string `json:"type"`
	} `json:"fetched"`
}

// VerifyCredential has the independent verifier (Digital Bazaar's vc
// library under Node, scripts/verify-credential.mjs) verify credential,
// fetching URLs on the public origin from server instead. Without Node or
// the packages the test is skipped, or fails under FURUSATO_REQUIRE_ALL=1.
func VerifyCredential(t testing.TB, origin, server string, credential any) Verification {
	t.Helper()
	dir := os.Getenv(EnvVCDir)
	if dir == "" {
		SkipOrFail(t, fmt.Sprintf("testkit: %s is not set (the folder of the credential verifier's npm packages)", EnvVCDir))
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@digitalbazaar", "vc")); err != nil {
		SkipOrFail(t, fmt.Sprintf("testkit: no @digitalbazaar/vc under %s: %v", dir, err))
	}
	node, err := exec.LookPath("node")
	if err != nil {
		SkipOrFail(t, "testkit: node is not installed")
	}
	_, self, _, _ := runtime.Caller(0)
	script, err := os.ReadFile(filepath.Join(filepath.Dir(self), "..", "..", "scripts", "verify-credential.mjs"))
	if err != nil {
		t.Fatalf("testkit: read the verifier script: %v", err)
	}
	req, err := json.Marshal(map[string]any{"origin": origin, "server": server, "credential": credential})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--input-type=module")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(script)
	cmd.Env = append(os.Environ(), "VERIFY="+string(req))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatalf("testkit: start node: %v", err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("testkit: the verifier ran over two minutes; stderr: %s", stderr.String())
	}
	if err != nil {
		t.Fatalf("testkit: the verifier failed: %v\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	var v Verification
	if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), &v); err != nil {
		t.Fatalf("testkit: the verifier's answer %q: %v (stderr: %s)", stdout.String(), err, stderr.String())
	}
	return v
}
