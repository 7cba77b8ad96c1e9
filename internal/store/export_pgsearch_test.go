package store

import "context"

// PostgresSearchStorageForTest returns, on PostgreSQL, the storage of the
// projects' title and catch tsvectors ("m" keeps them in the row) and the
// options of the search GIN indexes, each as "name=value".
func (db *DB) PostgresSearchStorageForTest(ctx context.Context) (map[string]string, error) {
	rows, err := db.q.QueryContext(ctx, `
		SELECT attname, attstorage::text FROM pg_attribute
		WHERE attrelid = 'projects'::regclass AND attname IN ('search_title', 'search_catch')
		UNION ALL
		SELECT c.relname, coalesce(array_to_string(c.reloptions, ','), '')
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
		WHERE i.indrelid = 'projects'::regclass AND a.amname = 'gin'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, rows.Err()
}
