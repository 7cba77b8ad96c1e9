package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/testkit"
)

// runCmd runs the command line args in process, with a clean environment
// and the default logger restored afterwards (run replaces it).
func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	clearEnv(t)
	old := slog.Default()
	t.Cleanup(func() { slog.SetDefault(old) })
	stderr := captureStderr(t)
	var out bytes.Buffer
	err := run(context.Background(), args, &out)
	if log := stderr(); log != "" {
		t.Logf("stderr:\n%s", log)
	}
	return out.String(), err
}

func TestRun_HelpListsEveryOption(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {}} {
		out, err := runCmd(t, args...)
		if err != nil {
			t.Fatalf("run %q: %v", args, err)
		}
		for _, o := range options {
			if !strings.Contains(out, o.env) || !strings.Contains(out, "--"+o.flag) || !strings.Contains(out, o.help) {
				t.Errorf("run %q: help lacks --%s / %s", args, o.flag, o.env)
			}
		}
		for _, cmd := range []string{"serve", "migrate", "demo", "backup", "restore", "version", "help"} {
			if !strings.Contains(out, "furusato "+cmd) {
				t.Errorf("run %q: help lacks the %s command", args, cmd)
			}
		}
	}
	// Every FURUSATO_* variable the code reads is documented.
	src, err := os.ReadFile("config.go")
	if err != nil {
		t.Fatal(err)
	}
	out, _ := runCmd(t, "help")
	for _, env := range regexp.MustCompile(`FURUSATO_[A-Z_]+`).FindAllString(string(src), -1) {
		if !strings.Contains(out, env) {
			t.Errorf("%s is read but not in the help", env)
		}
	}
}

func TestRun_Version(t *testing.T) {
	out, err := runCmd(t, "version")
	if err != nil || out != "furusato dev\n" {
		t.Errorf("version: %q, %v", out, err)
	}
}

func TestRun_UnknownCommand(t *testing.T) {
	out, err := runCmd(t, "frobnicate")
	if err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("error = %v, want unknown command", err)
	}
	if out != "" {
		t.Errorf("stdout = %q, want nothing (usage goes to stderr)", out)
	}
}

func TestRun_BadConfigFailsBeforeOpeningTheDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "never.db")
	_, err := runCmd(t, "migrate", "--database-url", path, "--log-format", "yaml")
	if err == nil || !strings.Contains(err.Error(), "log-format") {
		t.Fatalf("error = %v, want a log-format error", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("database file created despite the bad config: %v", err)
	}
}

func TestRun_Migrate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	for range 2 { // migrating twice is harmless
		out, err := runCmd(t, "migrate", "--database-url", path)
		if err != nil {
			t.Fatalf("migrate: %v", err)
		}
		if out != "migrations applied\n" {
			t.Errorf("migrate printed %q", out)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("database file: %v", err)
	}
}

var demoLine = regexp.MustCompile(`^demo data: (\d+) organisations, (\d+) companies, (\d+) projects added$`)

// demoCounts runs `furusato demo` and returns the counts it printed.
func demoCounts(t *testing.T, args ...string) [3]int {
	t.Helper()
	out, err := runCmd(t, append([]string{"demo"}, args...)...)
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	first, _, _ := strings.Cut(out, "\n")
	m := demoLine.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("demo printed %q", out)
	}
	var n [3]int
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	return n
}

func TestRun_DemoIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	first := demoCounts(t, "--database-url", path)
	if first[0] == 0 || first[1] == 0 || first[2] == 0 {
		t.Errorf("first demo run added %v, want some of each", first)
	}
	if second := demoCounts(t, "--database-url", path); second != [3]int{} {
		t.Errorf("second demo run added %v, want nothing", second)
	}
}

func TestRun_DemoGeneratesProjects(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	out, err := runCmd(t, "demo", "--database-url", path, "--projects", "30")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^generated 30 projects in \S+$`).MatchString(out) {
		t.Errorf("demo --projects 30 printed %q", out)
	}
}

// built is the binary of cmd/furusato that buildBinary made, once per test
// process (each build links anew, some seconds on a busy machine); TestMain
// removes its directory.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// buildBinary returns cmd/furusato built into a temporary directory, the
// same binary for every test of the process.
func buildBinary(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		testkit.SkipOrFail(t, "no go command on PATH to build the binary with")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "furusato-bin-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "furusato")
		built.out, built.err = exec.Command(goBin, "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// syncBuffer is a bytes.Buffer safe to write from one goroutine and read
// from another.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServe_GracefulShutdownOnSIGTERM(t *testing.T) {
	t.Parallel() // a binary of its own, its own database and ports
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "furusato.db")
	cmd := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0", "--database-url", db, "--base-url", "https://furusato.example.jp")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()} // no FURUSATO_* from the machine
	stderrPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout syncBuffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	var logs syncBuffer
	addrc := make(chan string, 1)
	go func() {
		addrRE := regexp.MustCompile(`msg=listening addr=(http://\S+)`)
		sc := bufio.NewScanner(stderrPipe)
		for sc.Scan() {
			fmt.Fprintln(&logs, sc.Text())
			if m := addrRE.FindStringSubmatch(sc.Text()); m != nil {
				addrc <- m[1]
			}
		}
		exited <- cmd.Wait()
	}()
	waited := false
	t.Cleanup(func() {
		if !waited {
			_ = cmd.Process.Kill()
			<-exited
		}
	})

	var base string
	select {
	case base = <-addrc:
	case err := <-exited:
		waited = true
		t.Fatalf("serve exited before listening: %v\n%s", err, logs.String())
	case <-time.After(90 * time.Second):
		// serve --demo loads the demo data first: seconds on a quiet machine,
		// but 15-20 s were seen when the machine was loaded (load average 50).
		t.Fatalf("no listening line within 90 s:\n%s", logs.String())
	}

	client := &http.Client{Timeout: 2 * time.Second}
	testkit.EventuallyOK(t, 5*time.Second, func() error {
		res, err := client.Get(base + "/healthz")
		if err != nil {
			return fmt.Errorf("/healthz never answered 200 (last error %v):\n%s", err, logs.String())
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("/healthz never answered 200 (last %d):\n%s", res.StatusCode, logs.String())
		}
		if !strings.Contains(string(body), `"status":"ok"`) {
			t.Errorf("/healthz: %s", body)
		}
		return nil
	})
	// The demo catalogue is there.
	if res, err := client.Get(base + "/projects/gifu-watercress-evangelist"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("demo project page: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	if !strings.Contains(stdout.String(), "demo data:") {
		t.Errorf("stdout lacks the demo line: %q", stdout.String())
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		waited = true
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM, want status 0\n%s", err, logs.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("serve still running 5 s after SIGTERM:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("log lacks \"shutting down\":\n%s", logs.String())
	}
	if _, err := client.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after exiting")
	}
}
