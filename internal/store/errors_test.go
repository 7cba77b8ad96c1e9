package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// A unique violation names the field whose value is taken, on both engines,
// whichever unique it breaks; one with no form field behind it names none.
func TestWrap_UniqueViolationNamesItsField(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := context.Background()
		cases := []struct {
			name   string
			insert string
			fields map[string]string
		}{
			{"company slug", `INSERT INTO companies (slug, name, prefecture, created_at) VALUES ('kaisha', 'Kaisha', 21, 0)`,
				map[string]string{"slug": "error.taken"}},
			{"user e-mail", `INSERT INTO users (email, display_name, created_at, updated_at) VALUES ('a@example.com', 'A', 0, 0)`,
				map[string]string{"email": "error.taken"}},
			{"outbox message id", `INSERT INTO outbox (kind, to_addr, subject, text_body, message_id, created_at) VALUES ('k', 'a@example.com', 's', 'b', '<m@x>', 0)`,
				nil},
		}
		for _, c := range cases {
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.ExecForTest(ctx, c.insert) }); err != nil {
				t.Fatalf("%s: first insert: %v", c.name, err)
			}
			err := db.Tx(ctx, func(tx *store.Tx) error { return tx.ExecForTest(ctx, c.insert) })
			if err == nil {
				t.Fatalf("%s: second insert succeeded", c.name)
			}
			var fe *furusato.Error
			if !errors.As(store.WrapForTest("insert", err), &fe) || fe.Code != furusato.ECONFLICT {
				t.Fatalf("%s: wrap(%v) = %v, want ECONFLICT", c.name, err, store.WrapForTest("insert", err))
			}
			if !reflect.DeepEqual(fe.Fields, c.fields) {
				t.Errorf("%s: fields %v, want %v", c.name, fe.Fields, c.fields)
			}
		}
	})
}
