package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Backup and restore of an SQLite database (PostgreSQL has pg_dump and
// pg_restore). A backup is one self-contained SQLite file: images are rows
// of the images table, so they come along.

// Errors of Backup and Restore, for errors.Is.
var (
	// ErrExists: the backup file is there already (overwrite with force).
	ErrExists = errors.New("the file exists already")
	// ErrInUse: another connection, usually a running `furusato serve`,
	// has the database open.
	ErrInUse = errors.New("the database is open in a running process")
	// ErrNotEmpty: the database to restore into holds data (replace it
	// with force).
	ErrNotEmpty = errors.New("the database exists and holds data")
	// ErrNotFurusato: the file is not a sound Furusato SQLite database.
	ErrNotFurusato = errors.New("not a Furusato SQLite database")
	// ErrTooNew: the backup comes from a newer Furusato, with migrations
	// this binary does not know.
	ErrTooNew = errors.New("the backup is from a newer version of Furusato")
)

// TableRows is the number of rows in one table.
type TableRows struct {
	Table string
	Rows  int64
}

// Snapshot describes a database file that Backup wrote or Restore put in
// place.
type Snapshot struct {
	Path    string
	Size    int64       // bytes
	Version int64       // the last migration applied
	Tables  []TableRows // every table, by name
}

// Restored describes what Restore did.
type Restored struct {
	Snapshot
	// FromVersion is the migration version of the backup; below Version
	// when Restore applied newer migrations.
	FromVersion int64
	// Replaced is where the database that was there before is kept ("" when
	// there was none, or it was an empty file).
	Replaced string
}

// sqliteMagic begins every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// Backup writes a consistent snapshot of the SQLite database dbURL to the
// file out while the database is in use: VACUUM INTO reads it in one read
// transaction, which in WAL mode neither waits for writers nor holds them
// up. The snapshot goes to a temporary file beside out (mode 0600: it holds
// password hashes), is checked (integrity, foreign keys, migration table),
// synced, and then renamed to out, so out is either the whole snapshot or
// absent. An existing out is ErrExists unless force; out is never the
// database itself.
func Backup(ctx context.Context, dbURL, out string, force bool) (*Snapshot, error) {
	return BackupReporting(ctx, dbURL, out, force, nil)
}

// BackupReporting is Backup telling progress (when not nil), five times a
// second while the snapshot is written, how many bytes it has of about how
// many (the database file's size; the snapshot leaves out free pages, so it
// may end short of it).
func BackupReporting(ctx context.Context, dbURL, out string, force bool, progress func(done, total int64)) (*Snapshot, error) {
	src, err := sqliteFile(dbURL)
	if err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	st, err := os.Stat(src)
	if err != nil {
		return nil, fmt.Errorf("store: backup: no database at %s: %w", src, err)
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("store: backup: %s is not a file", src)
	}
	if err := checkNotDatabase(src, out); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	if st, err := os.Stat(out); err == nil {
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("store: backup: %s is not a file", out)
		}
		if !force {
			return nil, fmt.Errorf("store: backup: %s: %w (use --force to overwrite it)", out, ErrExists)
		}
	}
	dir := filepath.Dir(out)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	done := false
	defer func() {
		if !done {
			removeDatabaseFiles(tmpName)
		}
	}()

	db, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	db.SetMaxOpenConns(1)
	// VACUUM INTO fills the empty file CreateTemp made, keeping its mode.
	stop := watchSize(tmpName, st.Size(), progress)
	_, err = db.ExecContext(ctx, `VACUUM INTO $1`, tmpName)
	stop()
	db.Close()
	if err != nil {
		return nil, fmt.Errorf("store: backup %s: %w", src, err)
	}
	snap, _, err := inspect(ctx, tmpName, false)
	if err != nil {
		return nil, fmt.Errorf("store: backup: the snapshot: %w", err)
	}
	if err := syncFile(tmpName); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	if err := publish(tmpName, out, force); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	done = true
	snap.Path = out
	return snap, nil
}

// Restore puts the backup file in in place of the SQLite database dbURL.
// The backup must be a sound Furusato database (ErrNotFurusato) whose
// migrations this binary knows (ErrTooNew). It is copied to a temporary
// file beside the database, checked and migrated there (in itself is
// never changed), synced, and renamed over the database, so the database
// is the old one or the restored one, never half of each.
//
// A database that another connection has open (a running serve) is
// ErrInUse, even with force: stop the site first. A database that holds
// anything is ErrNotEmpty unless force; then it is kept beside the new
// one, as <name>.replaced-<UTC time>, and Restored.Replaced names it.
func Restore(ctx context.Context, in, dbURL string, force bool) (*Restored, error) {
	target, err := sqliteFile(dbURL)
	if err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	st, err := os.Stat(in)
	if err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("store: restore: %s is not a file", in)
	}
	if err := checkNotDatabase(target, in); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	if err := checkMagic(in); err != nil {
		return nil, fmt.Errorf("store: restore: %s: %w", in, err)
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	tmpName, err := copyToTemp(in, dir, "."+filepath.Base(target)+".restore-*")
	if err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	done := false
	defer func() {
		if !done {
			removeDatabaseFiles(tmpName)
		}
	}()
	// The restored file keeps the mode of the one it replaces.
	if st, err := os.Stat(target); err == nil {
		if err := os.Chmod(tmpName, st.Mode().Perm()); err != nil {
			return nil, fmt.Errorf("store: restore: %w", err)
		}
	}
	snap, from, err := inspect(ctx, tmpName, true)
	if err != nil {
		return nil, fmt.Errorf("store: restore: %s: %w", in, err)
	}
	if err := syncFile(tmpName); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}

	lock, err := lockDatabase(ctx, target)
	if err != nil {
		return nil, fmt.Errorf("store: restore: %s: %w", target, err)
	}
	defer lock.release()
	if lock.nonEmpty && !force {
		return nil, fmt.Errorf("store: restore: %s: %w (use --force to replace it; it is then kept beside the restored one)", target, ErrNotEmpty)
	}
	if err := lock.mergeWAL(ctx); err != nil {
		return nil, fmt.Errorf("store: restore: %s: %w", target, err)
	}
	res := &Restored{FromVersion: from}
	if lock.nonEmpty {
		res.Replaced = target + ".replaced-" + time.Now().UTC().Format("20060102T150405Z")
		if err := keepCopy(target, res.Replaced); err != nil {
			return nil, fmt.Errorf("store: restore: keeping the database it replaces: %w", err)
		}
	}
	// The old database's WAL is merged (lockDatabase) and its shared
	// memory unused: neither may outlive it beside the new file.
	if err := os.Remove(target + "-shm"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	if err := os.Rename(tmpName, target); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	done = true
	if err := syncDir(dir); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	res.Snapshot = *snap
	res.Path = target
	return res, nil
}

// checkNotDatabase refuses a path that is the database db or one of its
// companion files.
func checkNotDatabase(db, path string) error {
	absDB, err1 := filepath.Abs(db)
	absPath, err2 := filepath.Abs(path)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if absPath == absDB+suffix {
			return fmt.Errorf("%s is the database itself", path)
		}
	}
	a, err1 := os.Stat(db)
	b, err2 := os.Stat(path)
	if err1 == nil && err2 == nil && os.SameFile(a, b) {
		return fmt.Errorf("%s is the database itself", path)
	}
	return nil
}

func checkMagic(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteMagic) {
		return fmt.Errorf("%w: not an SQLite file", ErrNotFurusato)
	}
	return nil
}

// inspect checks the SQLite file at path, which no one else uses: it must
// pass integrity_check and foreign_key_check and have Furusato's migration
// table. With migrate, migrations newer than this binary's are ErrTooNew,
// and older ones are brought up to date; the file is left in rollback
// journal mode, complete in itself. It returns the file's description and
// the migration version it had.
func inspect(ctx context.Context, path string, migrate bool) (*Snapshot, int64, error) {
	if err := checkMagic(path); err != nil {
		return nil, 0, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
	if err != nil {
		return nil, 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := checkIntegrity(ctx, db); err != nil {
		return nil, 0, err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'goose_db_version'`).Scan(&n); err != nil {
		return nil, 0, err
	}
	if n == 0 {
		return nil, 0, fmt.Errorf("%w: it has no migration table", ErrNotFurusato)
	}
	p, err := migrationProvider(db, SQLite)
	if err != nil {
		return nil, 0, err
	}
	from, known, err := p.GetVersions(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %w", ErrNotFurusato, err)
	}
	version := from
	if migrate {
		if from > known {
			return nil, 0, fmt.Errorf("%w: it has migration %d, this binary knows up to %d; restore it with that newer binary", ErrTooNew, from, known)
		}
		if from < known {
			if _, err := p.Up(ctx); err != nil {
				return nil, 0, fmt.Errorf("store: migrate the backup from version %d: %w", from, err)
			}
			version = known
		}
		var mode string
		if err := db.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil {
			return nil, 0, err
		}
	}
	tables, err := countRows(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	if err := db.Close(); err != nil {
		return nil, 0, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	return &Snapshot{Path: path, Size: st.Size(), Version: version, Tables: tables}, from, nil
}

// checkIntegrity runs SQLite's integrity and foreign-key checks on db.
func checkIntegrity(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotFurusato, err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		if s != "ok" && len(problems) < 5 {
			problems = append(problems, s)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrNotFurusato, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: integrity check: %s", ErrNotFurusato, strings.Join(problems, "; "))
	}
	rows, err = db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return fmt.Errorf("%w: foreign key check: row %d of %s refers to a missing %s", ErrNotFurusato, rowid.Int64, table, parent)
	}
	return rows.Err()
}

// countRows counts the rows of every ordinary table of db (not SQLite's
// own, nor the shadow tables of the search index).
func countRows(ctx context.Context, db *sql.DB) ([]TableRows, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_list
		WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var out []TableRows
	for rows.Next() {
		var t TableRows
		if err := rows.Scan(&t.Table); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		q := `SELECT count(*) FROM "` + strings.ReplaceAll(out[i].Table, `"`, `""`) + `"`
		if err := db.QueryRowContext(ctx, q).Scan(&out[i].Rows); err != nil {
			return nil, fmt.Errorf("count %s: %w", out[i].Table, err)
		}
	}
	return out, nil
}

// dbLock holds the database a restore replaces.
type dbLock struct {
	db       *sql.DB
	nonEmpty bool
}

func (l *dbLock) release() {
	if l.db != nil {
		l.db.Close()
	}
}

// lockDatabase takes the SQLite database at path for itself, so no one
// uses it while it is replaced, and reports whether it holds anything. A
// connection in exclusive locking mode needs the file's exclusive lock,
// which it cannot get while another connection (in this process or
// another) has the database open: every open connection to a WAL database
// holds a shared lock on it. A missing path is free and empty.
func lockDatabase(ctx context.Context, path string) (*dbLock, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(path + "-wal"); err == nil {
			return nil, fmt.Errorf("%w: no database file, but its WAL %s-wal is there", ErrNotEmpty, path)
		}
		return &dbLock{}, nil
	}
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a file")
	}
	if st.Size() == 0 {
		if _, err := os.Stat(path + "-wal"); errors.Is(err, os.ErrNotExist) {
			return &dbLock{}, nil
		}
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(500)&_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	l := &dbLock{db: db, nonEmpty: true}
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n)
	if isBusy(err) {
		db.Close()
		return nil, fmt.Errorf("%w (stop furusato serve first)", ErrInUse)
	}
	if err != nil {
		// Not a database at all (or a damaged one): it holds something,
		// so it is replaced with force only; no one can be using it.
		db.Close()
		return &dbLock{nonEmpty: true}, nil
	}
	l.nonEmpty = n > 0
	// Write-lock the file until release (writing nothing).
	if _, err := db.ExecContext(ctx, `BEGIN EXCLUSIVE; COMMIT`); err != nil {
		db.Close()
		if isBusy(err) {
			return nil, fmt.Errorf("%w (stop furusato serve first)", ErrInUse)
		}
		return nil, err
	}
	return l, nil
}

// mergeWAL merges the WAL of the locked database into its file and leaves
// WAL mode, which removes the WAL: a new file put in its place must not
// meet the old WAL.
func (l *dbLock) mergeWAL(ctx context.Context) error {
	if l.db == nil {
		return nil
	}
	var mode string
	return l.db.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode)
}

// publish moves the finished file tmp to dst: atomically by rename when
// overwrite is allowed, else by a hard link that fails if dst appeared in
// the meantime. The directory is synced afterwards.
func publish(tmp, dst string, overwrite bool) error {
	if overwrite {
		if err := os.Rename(tmp, dst); err != nil {
			return err
		}
	} else {
		err := os.Link(tmp, dst)
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s: %w", dst, ErrExists)
		}
		if err != nil {
			// No hard links here: check, then rename.
			if _, serr := os.Lstat(dst); serr == nil {
				return fmt.Errorf("%s: %w", dst, ErrExists)
			}
			if err := os.Rename(tmp, dst); err != nil {
				return err
			}
		} else if err := os.Remove(tmp); err != nil {
			return err
		}
	}
	return syncDir(filepath.Dir(dst))
}

// keepCopy makes dst a second name (or, without hard links, a copy) of
// the file src.
func keepCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	tmp, err := copyToTemp(src, filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// copyToTemp copies the file src to a new temporary file (mode 0600) in
// dir, synced, and returns its name.
func copyToTemp(src, dir, pattern string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// removeDatabaseFiles removes an SQLite file and its companion files.
func removeDatabaseFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(path + suffix)
	}
}

// watchSize tells progress the size of file (of about total bytes) every
// 200 ms until stop is called; nil progress watches nothing.
func watchSize(file string, total int64, progress func(done, total int64)) (stop func()) {
	if progress == nil {
		return func() {}
	}
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				if st, err := os.Stat(file); err == nil {
					progress(min(st.Size(), total), total)
				}
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
	}
}
