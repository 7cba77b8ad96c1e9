package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// userCreate runs `furusato user create` with the password given through
// FURUSATO_PASSWORD (env true) or standard input.
func userCreate(t *testing.T, password string, env bool, args ...string) (string, error) {
	t.Helper()
	old := stdin
	t.Cleanup(func() { stdin = old })
	t.Setenv(envPassword, "")
	os.Unsetenv(envPassword)
	stdin = strings.NewReader("")
	if env {
		t.Setenv(envPassword, password)
	} else {
		stdin = strings.NewReader(password + "\n")
	}
	return runCmd(t, append([]string{"user", "create"}, args...)...)
}

func TestUserCreate_AdminFromEnvironment(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	out, err := userCreate(t, "Hida2026Watercress", true,
		"--database-url", path, "--email", "Ｓｅｃｒｅｔａｒｉａｔ@Example.jp", "--name", "事務局 花子", "--admin")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^user 事務局 花子 created \(id \d+, admin\)\n$`).MatchString(out) {
		t.Errorf("printed %q", out)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.FindUserByEmail(context.Background(), "secretariat@example.jp")
	if err != nil || !u.Admin || u.DisplayName != "事務局 花子" {
		t.Fatalf("stored user = %+v, %v", u, err)
	}
	hash, _ := db.PasswordHash(context.Background(), u.ID)
	if ok, err := service.CheckPassword(hash, "Hida2026Watercress"); !ok || err != nil {
		t.Errorf("password does not check: %v, %v", ok, err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not use the default parameters", hash)
	}
}

func TestUserCreate_PasswordFromStandardInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	out, err := userCreate(t, "くれそん畑で会いましょう\r", false, "--database-url", path, "--email", "hanako@example.jp", "--name", "山田花子")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^user 山田花子 created \(id \d+\)\n$`).MatchString(out) {
		t.Errorf("printed %q", out)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, _ := db.FindUserByEmail(context.Background(), "hanako@example.jp")
	hash, _ := db.PasswordHash(context.Background(), u.ID)
	if ok, _ := service.CheckPassword(hash, "くれそん畑で会いましょう"); !ok || u.Admin {
		t.Errorf("stored user %+v: password ok %v", u, ok)
	}
}

func TestUserCreate_DuplicateEmailIsAClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	if _, err := userCreate(t, "Hida2026Watercress", true, "--database-url", path, "--email", "hanako@example.jp", "--name", "山田花子"); err != nil {
		t.Fatal(err)
	}
	out, err := userCreate(t, "Another2026Password", true, "--database-url", path, "--email", "HANAKO@example.jp", "--name", "別の人")
	if err == nil || err.Error() != "user create: --email is already registered" {
		t.Errorf("error = %v, want that the address is taken", err)
	}
	if out != "" {
		t.Errorf("printed %q", out)
	}
}

func TestUserCreate_BadInputNamesTheRule(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	for _, tc := range []struct {
		password string
		args     []string
		want     string
	}{
		{"short", []string{"--email", "hanako@example.jp", "--name", "山田花子"}, "user create: password must have at least 10 characters"},
		{"qwertyuiop", []string{"--email", "hanako@example.jp", "--name", "山田花子"}, "user create: password is too common; choose another"},
		{"hanako@example.jp", []string{"--email", "hanako@example.jp", "--name", "山田花子"}, "user create: password must not be the e-mail address"},
		{"Hida2026Watercress", []string{"--email", "hanako", "--name", "山田花子"}, "user create: --email is not a valid e-mail address"},
		{"short", []string{"--email", "hanako", "--name", strings.Repeat("名", 51)},
			"user create: --email is not a valid e-mail address; --name can have at most 50 characters; password must have at least 10 characters"},
		{"Hida2026Watercress", []string{"--name", "山田花子"}, "user create: --email and --name are required"},
	} {
		out, err := userCreate(t, tc.password, true, append([]string{"--database-url", path}, tc.args...)...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q %q: error = %v, want %q", tc.password, tc.args, err, tc.want)
		}
		if out != "" {
			t.Errorf("%q %q: printed %q", tc.password, tc.args, out)
		}
	}
}

func TestUserCreate_NoPasswordAnywhere(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	old := stdin
	t.Cleanup(func() { stdin = old })
	stdin = io.MultiReader() // empty
	t.Setenv(envPassword, "")
	os.Unsetenv(envPassword)
	_, err := runCmd(t, "user", "create", "--database-url", path, "--email", "hanako@example.jp", "--name", "山田花子")
	if err == nil || !strings.Contains(err.Error(), "no password") || !strings.Contains(err.Error(), envPassword) {
		t.Errorf("error = %v, want a hint at %s", err, envPassword)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the database was opened before the input was complete")
	}
}

func TestUserCreate_UnknownSubcommand(t *testing.T) {
	for _, args := range [][]string{{"user"}, {"user", "delete"}} {
		if _, err := runCmd(t, args...); err == nil || !strings.Contains(err.Error(), "user create") {
			t.Errorf("%q: error = %v, want usage of user create", args, err)
		}
	}
}

func TestUserCreate_InHelp(t *testing.T) {
	out, err := runCmd(t, "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"furusato user create", "--email", "--name", "--admin", envPassword} {
		if !strings.Contains(out, s) {
			t.Errorf("help lacks %q", s)
		}
	}
}
