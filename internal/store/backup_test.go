package store_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// openLive opens and migrates a fresh SQLite database for the backup
// tests and returns it with its path.
func openLive(t *testing.T) (*store.DB, string) {
	t.Helper()
	path := testkit.SQLitePath(t)
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, path
}

// rawDB opens an SQLite file directly, read-only, closed when t ends.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// tableRows returns every row of every table (SQLite's internal and FTS
// shadow tables included) of db, each table's rows sorted by all columns.
func tableRows(t *testing.T, db *sql.DB) map[string][][]any {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string][][]any{}
	for _, table := range tables {
		quoted := `"` + strings.ReplaceAll(table, `"`, `""`) + `"`
		cols, err := db.Query(`SELECT * FROM ` + quoted + ` LIMIT 0`)
		if err != nil {
			t.Fatal(err)
		}
		names, _ := cols.Columns()
		cols.Close()
		order := make([]string, len(names))
		for i := range names {
			order[i] = fmt.Sprint(i + 1)
		}
		rs, err := db.Query(`SELECT * FROM ` + quoted + ` ORDER BY ` + strings.Join(order, ", "))
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		var all [][]any
		for rs.Next() {
			vals := make([]any, len(names))
			ptrs := make([]any, len(names))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			all = append(all, vals)
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		rs.Close()
		out[table] = all
	}
	return out
}

// checkConsistent checks that the SQLite file at path is a sound database
// whose rows agree with each other.
func checkConsistent(t *testing.T, path string) {
	t.Helper()
	db := rawDB(t, path)
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
	rows, err := db.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Errorf("foreign_key_check reports broken references")
	}
	rows.Close()
	// Each entry was written with its first event and a message, in one
	// transaction; a snapshot holds all three or none.
	if n := count(t, db, `SELECT count(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM entry_events v WHERE v.entry_id = e.id)
		OR NOT EXISTS (SELECT 1 FROM messages m WHERE m.entry_id = e.id)`); n != 0 {
		t.Errorf("%d entries without their event or message", n)
	}
	if n := count(t, db, `SELECT count(*) FROM projects p
		WHERE p.matched <> (SELECT count(*) FROM entries e WHERE e.project_id = p.id AND e.stage = 'matched')`); n != 0 {
		t.Errorf("%d projects whose matched counter disagrees with their matched entries", n)
	}
	if n := count(t, db, `SELECT count(*) FROM projects p WHERE p.cover_key <> ''
		AND NOT EXISTS (SELECT 1 FROM images i WHERE i.key = p.cover_key || '-320.jpg')`); n != 0 {
		t.Errorf("%d projects whose cover image is missing", n)
	}
}

// The backup of a database that is being written to is a consistent
// snapshot holding every write committed before it began, images included;
// restoring it gives a database equal to the backup row for row.
func TestBackup_UnderConcurrentWritesRestoresRowForRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := openLive(t)
	f := loadFixture(t, db)
	base := f.bySlug["watercress"]

	var mu sync.Mutex
	projects := []*furusato.Project{base}
	var nProjects, nEntries atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	// Writer 1: projects, each with a cover image (the image first, in
	// its own transaction, as the service does).
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			img := make([]byte, 64<<10)
			_, _ = rand.Read(img)
			sum := sha256.Sum256(img)
			prefix := "cover/" + hex.EncodeToString(sum[:16])
			if err := db.Images(time.Now).Put(ctx, prefix+"-320.jpg", img, "image/jpeg"); err != nil {
				t.Errorf("put image: %v", err)
				return
			}
			p := newProject(fmt.Sprintf("busy-%d", i), fmt.Sprintf("忙しい案件 %d", i), "書き込み中のバックアップ", f.gifuCo, f.coordGifu, nil)
			err := db.Tx(ctx, func(tx *store.Tx) error {
				if err := tx.CreateProject(ctx, p, now); err != nil {
					return err
				}
				return tx.SetProjectCover(ctx, p.ID, furusato.Cover{Key: prefix, Width: 320, Height: 240})
			})
			if err != nil {
				t.Errorf("create project: %v", err)
				return
			}
			mu.Lock()
			projects = append(projects, p)
			mu.Unlock()
			nProjects.Add(1)
		}
	})
	// Writer 2: a new participant, an entry with its event and a message,
	// and every third entry matched with the project's counter raised.
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			mu.Lock()
			p := projects[i%len(projects)]
			mu.Unlock()
			err := db.Tx(ctx, func(tx *store.Tx) error {
				u := &furusato.User{Email: fmt.Sprintf("p%d@example.jp", i), DisplayName: fmt.Sprintf("参加者 %d", i)}
				if err := tx.CreateUser(ctx, u, "x", now); err != nil {
					return err
				}
				e := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
					Motivation: "力になりたいです。", HoursPerWeek: 10}
				if err := tx.CreateEntry(ctx, e, now); err != nil {
					return err
				}
				if err := tx.AddEntryEvent(ctx, &furusato.EntryEvent{EntryID: e.ID, ActorID: u.ID, To: furusato.StageSubmitted}, now); err != nil {
					return err
				}
				if err := tx.CreateMessage(ctx, &furusato.Message{EntryID: e.ID, AuthorID: u.ID, Body: "よろしくお願いします。"}, store.MessageKindMessage, now); err != nil {
					return err
				}
				if i%3 != 0 {
					return nil
				}
				if _, _, err := tx.TakePlace(ctx, p.ID); furusato.ErrorCode(err) == furusato.ECONFLICT {
					return nil // full: the entry stays submitted
				} else if err != nil {
					return err
				}
				return tx.MoveEntry(ctx, e.ID, furusato.StageSubmitted, furusato.StageMatched, now)
			})
			if err != nil {
				t.Errorf("entry: %v", err)
				return
			}
			nEntries.Add(1)
		}
	})
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
		wg.Wait()
	}()
	testkit.Eventually(t, time.Minute, "20 projects and 50 entries written", func() bool {
		return nProjects.Load() >= 20 && nEntries.Load() >= 50
	})

	out := filepath.Join(t.TempDir(), "backups", "furusato-backup.db")
	projectsBefore, entriesBefore := nProjects.Load(), nEntries.Load()
	snap, err := store.Backup(ctx, path, out, false)
	projectsAfter, entriesAfter := nProjects.Load(), nEntries.Load()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	// Let the writers go on a little after the backup, then stop them.
	testkit.Eventually(t, time.Minute, "20 more entries written", func() bool { return nEntries.Load() >= entriesAfter+20 })
	close(stop)
	wg.Wait()
	t.Logf("backup of %d bytes; during it %d projects and %d entries were written", snap.Size, projectsAfter-projectsBefore, entriesAfter-entriesBefore)
	if entriesAfter == entriesBefore && projectsAfter == projectsBefore {
		t.Errorf("nothing was written while the backup ran: the test did not test a live database")
	}

	checkConsistent(t, out)
	bdb := rawDB(t, out)
	fixtureProjects := int64(len(f.bySlug))
	if n := count(t, bdb, `SELECT count(*) FROM projects`) - fixtureProjects; n < projectsBefore || n > projectsAfter {
		t.Errorf("backup holds %d new projects, want between %d and %d", n, projectsBefore, projectsAfter)
	}
	if n := count(t, bdb, `SELECT count(*) FROM entries`); n < entriesBefore || n > entriesAfter {
		t.Errorf("backup holds %d entries, want between %d and %d", n, entriesBefore, entriesAfter)
	}
	if n := count(t, bdb, `SELECT count(*) FROM images`); n < projectsBefore {
		t.Errorf("backup holds %d images, want at least %d", n, projectsBefore)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() != snap.Size || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, %v; want %d bytes, mode 0600", fi, err, snap.Size)
	}
	for _, tr := range snap.Tables {
		if want := count(t, bdb, `SELECT count(*) FROM "`+tr.Table+`"`); tr.Rows != want {
			t.Errorf("backup reports %d rows in %s, file holds %d", tr.Rows, tr.Table, want)
		}
	}
	if len(snap.Tables) < 20 || snap.Version == 0 {
		t.Errorf("backup reports %d tables, version %d", len(snap.Tables), snap.Version)
	}
	entries := ""
	for _, tr := range snap.Tables {
		if tr.Table == "entries" {
			entries = fmt.Sprint(tr.Rows)
		}
	}
	if entries == "" {
		t.Errorf("backup reports no entries table: %+v", snap.Tables)
	}

	target := filepath.Join(t.TempDir(), "new", "furusato.db")
	res, err := store.Restore(ctx, out, target, false)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if res.FromVersion != snap.Version || res.Version != snap.Version || res.Replaced != "" {
		t.Errorf("restore = %+v, want version %d and nothing replaced", res, snap.Version)
	}
	checkConsistent(t, target)
	want, got := tableRows(t, bdb), tableRows(t, rawDB(t, target))
	if len(want) != len(got) {
		t.Errorf("backup has %d tables, restored database %d", len(want), len(got))
	}
	for table, rows := range want {
		if !reflect.DeepEqual(rows, got[table]) {
			t.Errorf("table %s: %d rows in the backup, %d restored, or they differ", table, len(rows), len(got[table]))
		}
	}

	// The restored database serves: the store reads it, images included.
	rdb, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	if err := rdb.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := rdb.FindProject(ctx, "busy-0", []furusato.ProjectStatus{furusato.StatusPublished})
	if err != nil {
		t.Fatal(err)
	}
	data, ct, err := rdb.Images(time.Now).Get(ctx, p.CoverKey+"-320.jpg")
	if err != nil || ct != "image/jpeg" || len(data) != 64<<10 {
		t.Errorf("restored cover: %d bytes, %q, %v", len(data), ct, err)
	}
}

// backupOf makes a small database and its backup; it returns the path of
// the backup.
func backupOf(t *testing.T) string {
	t.Helper()
	db, path := openLive(t)
	loadFixture(t, db)
	out := filepath.Join(t.TempDir(), "backup.db")
	if _, err := store.Backup(context.Background(), path, out, false); err != nil {
		t.Fatal(err)
	}
	return out
}

// A database in use by a running store is never replaced, not even with
// force; the store goes on working.
func TestRestore_RefusesALiveDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	backup := backupOf(t)
	live, path := openLive(t)
	u := &furusato.User{Email: "live@example.jp", DisplayName: "稼働中"}
	if err := live.Tx(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u, "x", now) }); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		_, err := store.Restore(ctx, backup, path, force)
		if !errors.Is(err, store.ErrInUse) {
			t.Errorf("restore over a live database (force %v): %v, want ErrInUse", force, err)
		}
	}
	if got, err := live.FindUserByEmail(ctx, "live@example.jp"); err != nil || got.ID != u.ID {
		t.Errorf("live database after the refused restore: %+v, %v", got, err)
	}
	if err := live.Tx(ctx, func(tx *store.Tx) error {
		return tx.CreateUser(ctx, &furusato.User{Email: "still@example.jp", DisplayName: "まだ"}, "x", now)
	}); err != nil {
		t.Errorf("write after the refused restore: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// A database that exists and holds data is replaced only with force, and
// then the replaced one is kept beside it.
func TestRestore_NonEmptyTargetNeedsForce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	backup := backupOf(t)
	old, path := openLive(t)
	if err := old.Tx(ctx, func(tx *store.Tx) error {
		return tx.CreateUser(ctx, &furusato.User{Email: "old@example.jp", DisplayName: "以前"}, "x", now)
	}); err != nil {
		t.Fatal(err)
	}
	old.Close()
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if _, err := store.Restore(ctx, backup, path, false); !errors.Is(err, store.ErrNotEmpty) {
		t.Fatalf("restore over a database with data: %v, want ErrNotEmpty", err)
	}
	if after, _ := os.ReadFile(path); !reflect.DeepEqual(before, after) {
		t.Errorf("the refused restore changed the database")
	}
	res, err := store.Restore(ctx, backup, path, true)
	if err != nil {
		t.Fatalf("restore --force: %v", err)
	}
	if !reflect.DeepEqual(tableRows(t, rawDB(t, backup)), tableRows(t, rawDB(t, path))) {
		t.Errorf("restored database differs from the backup")
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("restored database: %v, %v; want the mode 0640 of the one it replaced", fi, err)
	}
	if res.Replaced == "" {
		t.Fatal("the replaced database was not kept")
	}
	if n := count(t, rawDB(t, res.Replaced), `SELECT count(*) FROM users WHERE email = 'old@example.jp'`); n != 1 {
		t.Errorf("the kept database %s lacks its data", res.Replaced)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old database's WAL is still beside the restored one: %v", err)
	}
	// An empty file (a database never used) needs no force.
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Restore(ctx, backup, empty, false); err != nil {
		t.Errorf("restore into an empty file: %v", err)
	}
}

// Only a sound Furusato database is restored: not another file, not
// another SQLite database, not one from a newer version of Furusato.
func TestRestore_RefusesWhatIsNotAFurusatoBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("これはデータベースではありません。\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	odb, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := odb.Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`); err != nil {
		t.Fatal(err)
	}
	odb.Close()
	newer := backupOf(t)
	ndb, err := sql.Open("sqlite", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ndb.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`); err != nil {
		t.Fatal(err)
	}
	ndb.Close()
	for _, c := range []struct {
		name, in string
		want     error
	}{
		{"text file", text, store.ErrNotFurusato},
		{"other SQLite database", other, store.ErrNotFurusato},
		{"newer Furusato", newer, store.ErrTooNew},
		{"missing file", filepath.Join(dir, "missing.db"), os.ErrNotExist},
	} {
		target := filepath.Join(t.TempDir(), "furusato.db")
		if _, err := store.Restore(ctx, c.in, target, true); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if ents, _ := os.ReadDir(filepath.Dir(target)); len(ents) != 0 {
			t.Errorf("%s: files left in the target directory: %v", c.name, ents)
		}
	}
}

// A backup from before the latest migrations is brought up to date when
// it is restored.
func TestRestore_MigratesAnOlderBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := testkit.SQLitePath(t)
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateToForTest(ctx, 13); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := filepath.Join(t.TempDir(), "old.db")
	snap, err := store.Backup(ctx, path, out, false)
	if err != nil || snap.Version != 13 {
		t.Fatalf("backup: %+v, %v; want version 13", snap, err)
	}
	target := filepath.Join(t.TempDir(), "furusato.db")
	res, err := store.Restore(ctx, out, target, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.FromVersion != 13 || res.Version <= 13 {
		t.Errorf("restore = %+v, want from 13 to the latest", res)
	}
	// The restored database is current: serving it migrates nothing.
	rdb, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	if v := count(t, rawDB(t, target), `SELECT max(version_id) FROM goose_db_version`); v != res.Version {
		t.Errorf("restored version %d, reported %d", v, res.Version)
	}
}

// A backup never overwrites a file unless told to, and never the
// database itself; a missing database is an error, not a new empty one.
func TestBackup_RefusesToOverwrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := openLive(t)
	loadFixture(t, db)
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(out, []byte("yesterday"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Backup(ctx, path, out, false); !errors.Is(err, store.ErrExists) {
		t.Errorf("backup over an existing file: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "yesterday" {
		t.Errorf("the refused backup changed the file: %q", b)
	}
	if _, err := store.Backup(ctx, path, out, true); err != nil {
		t.Fatalf("backup --force: %v", err)
	}
	checkConsistent(t, out)
	if n := count(t, rawDB(t, out), `SELECT count(*) FROM projects`); n != int64(count(t, rawDB(t, path), `SELECT count(*) FROM projects`)) || n == 0 {
		t.Errorf("forced backup holds %d projects", n)
	}
	for _, self := range []string{path, path + "-wal", "file:" + path} {
		if _, err := store.Backup(ctx, path, strings.TrimPrefix(self, "file:"), true); err == nil {
			t.Errorf("backup onto %s succeeded", self)
		}
	}
	if _, err := db.FindOrganizations(ctx, furusato.OrgCoordinator); err != nil {
		t.Errorf("database after the refused backups: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "missing.db")
	if _, err := store.Backup(ctx, missing, filepath.Join(t.TempDir(), "b.db"), false); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("backup of a missing database: %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("backup created the missing database")
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}
