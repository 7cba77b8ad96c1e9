// Package e2e drives the whole site, as cmd/furusato serves it (app.New on
// a demo database), in a real headless Chromium, with axe-core run on every
// page a journey reaches. A file per journey: the catalogue (e2e_test.go),
// signing up and in (auth), resetting a password, changing the address,
// the profile and data export, API tokens, project management and covers
// (manage, images), entries from the first click to the match and the
// interview (workflow*), and the admin area (admin*). It holds only tests;
// the browser harness is in internal/testkit.
package e2e
