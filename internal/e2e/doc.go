// Package e2e drives the whole site, as cmd/furusato serves it, in a real
// headless Chromium: journeys a visitor takes through the catalogue, with
// axe-core run on every page they reach. It holds only tests; see
// e2e_test.go and, for the browser, internal/testkit.
package e2e
