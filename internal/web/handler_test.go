package web

import (
	"reflect"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestNew_RefusesAMissingService nils each field of Services in turn, so
// that a service added to Services later and not wired fails here too.
func TestNew_RefusesAMissingService(t *testing.T) {
	full := newServices(t, testkit.NewDB(t, store.SQLite))
	if _, err := New(Config{BaseURL: testBaseURL}, full); err != nil {
		t.Fatalf("New with every service: %v", err)
	}
	typ := reflect.TypeOf(full)
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		s := full
		reflect.ValueOf(&s).Elem().Field(i).SetZero()
		h, err := New(Config{BaseURL: testBaseURL}, s)
		if err == nil || h != nil || !strings.Contains(err.Error(), "Services."+name) {
			t.Errorf("New without %s = %v, %v; want an error naming it", name, h, err)
		}
	}
}

func TestNew_RefusesNoBaseURL(t *testing.T) {
	if h, err := New(Config{BaseURL: "/"}, newServices(t, testkit.NewDB(t, store.SQLite))); err == nil || h != nil {
		t.Errorf("New without BaseURL = %v, %v; want an error", h, err)
	}
}
