package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// envPassword holds the new account's password for `furusato user create`,
// so that it never appears in the process list or the shell history.
const envPassword = "FURUSATO_PASSWORD"

// stdin is where `furusato user create` reads the password when
// FURUSATO_PASSWORD is unset; tests replace it.
var stdin io.Reader = os.Stdin

// runUser runs `furusato user <subcommand>`.
func runUser(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		usage(os.Stderr)
		return errors.New(`user: want a subcommand: "user create --email E --name N [--admin]"`)
	}
	var email, name string
	var admin bool
	cfg, err := parseConfigWith("user create", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "user create: the e-mail address of the new account")
		fs.StringVar(&name, "name", "", "user create: the display name of the new account")
		fs.BoolVar(&admin, "admin", false, "user create: make the account a platform admin")
	})
	if err != nil {
		return err
	}
	if email == "" || name == "" {
		return errors.New("user create: --email and --name are required")
	}
	password, err := readPassword()
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
	u, err := service.NewUsers(db, time.Now, service.DefaultArgon).CreateUser(ctx, email, name, password, admin)
	if err != nil {
		return userError(err)
	}
	role := ""
	if u.Admin {
		role = ", admin"
	}
	fmt.Fprintf(out, "user %s created (id %d%s)\n", u.DisplayName, u.ID, role)
	return nil
}

// readPassword returns FURUSATO_PASSWORD when it is set, else one line of
// standard input; on a terminal it prompts twice without echo.
func readPassword() (string, error) {
	if pw, ok := os.LookupEnv(envPassword); ok {
		return pw, nil
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(os.Stderr, "Password: ")
		pw, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", fmt.Errorf("user create: read password: %w", err)
		}
		fmt.Fprint(os.Stderr, "Password again: ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", fmt.Errorf("user create: read password: %w", err)
		}
		if string(pw) != string(again) {
			return "", errors.New("user create: the passwords differ")
		}
		return string(pw), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("user create: read password: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", fmt.Errorf("user create: no password: set %s or give it as one line on standard input", envPassword)
	}
	return line, nil
}

// userFields names the fields of the account service as the command line
// knows them.
var userFields = map[string]string{"email": "--email", "display_name": "--name", "password": "password"}

// fieldMessages says in English what the service's catalogue keys mean.
var fieldMessages = map[string]string{
	"error.email":             "is not a valid e-mail address",
	"error.taken":             "is already registered",
	"error.required":          "must not be empty",
	"error.too_long":          fmt.Sprintf("can have at most %d characters", service.MaxDisplayRunes),
	"error.invalid":           "holds characters that are not allowed",
	"error.password_encoding": "holds bytes that are not UTF-8 text",
	"error.password_short":    fmt.Sprintf("must have at least %d characters", service.MinPasswordRunes),
	"error.password_long":     fmt.Sprintf("can have at most %d characters", service.MaxPasswordRunes),
	"error.password_common":   "is too common; choose another",
	"error.password_email":    "must not be the e-mail address",
}

// userError turns the service's per-field errors into one line a person at
// a terminal can act on, e.g. "user create: --email is already registered".
func userError(err error) error {
	fields := furusato.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	var parts []string
	for f, key := range fields {
		name, msg := userFields[f], fieldMessages[key]
		if name == "" {
			name = f
		}
		if msg == "" {
			msg = key
		}
		parts = append(parts, name+" "+msg)
	}
	sort.Strings(parts)
	return fmt.Errorf("user create: %s", strings.Join(parts, "; "))
}
