// Package testkit holds the helpers that tests of several packages share: the
// switches read from the environment, and the headless Chromium + axe-core
// harness for real-browser tests.
//
// It is the one package besides cmd/ that reads the environment. The variables:
//
//	FURUSATO_REQUIRE_ALL=1        tests that would skip for a missing tool fail instead (CI)
//	FURUSATO_CHROMIUM             the Chromium binary (default /usr/bin/chromium)
//	FURUSATO_AXE_JS               axe.min.js of axe-core 4, read from disk and injected
//	FURUSATO_TEST_POSTGRES_URL    a PostgreSQL server for store tests
//
// scripts/test installs Chromium and axe-core when they are missing and sets
// these variables; tests themselves never install anything.
//
// Databases: NewDB (and Engines, which runs a test on both engines) hands
// each test its own migrated database without migrating it: on SQLite a
// copy of a file migrated once per test process, on PostgreSQL a CREATE
// DATABASE … TEMPLATE clone of furusato_tmpl_<digest of the migration
// files>, built once per migration set on the server under an advisory
// lock and reused by later runs (a template of other migrations is dropped
// when no test process holds it). So store and service tests run with
// t.Parallel(). NewPostgresDatabase gives an empty database, for tests of
// the migrations themselves.
//
// Waiting: Eventually and EventuallyOK wait for a condition with a
// deadline; tests do not sleep to let something happen.
//
// A browser test:
//
//	b := testkit.NewBrowser(t)         // skips (or fails under FURUSATO_REQUIRE_ALL) without Chromium/axe
//	ctx := b.NewTab(t)                 // a new tab, TabTimeout (5 min), closed at cleanup
//	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
//		t.Fatal(err)
//	}
//	b.CheckA11y(t, ctx)                // serious or critical axe violations fail t
package testkit
