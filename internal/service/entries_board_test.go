package service_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

func TestEntriesBoard_PolicyFiltersAndCounts(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		a, b := f.newParticipant(t, "Ａｌｉｃｅ"), f.newParticipant(t, "Bob")
		ea := f.submit(t, a, f.project)
		f.submit(t, b, f.project)
		f.at = now.Add(time.Minute)
		f.move(t, ea, furusato.StageScreening)
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"another region's coordinator": {f.hokkaido, furusato.ENOTFOUND},
			"another company's staff":      {f.otherStaff, furusato.ENOTFOUND},
			"a participant":                {a, furusato.ENOTFOUND},
			"a visitor":                    {furusato.Visitor, furusato.EUNAUTHORIZED},
		} {
			if _, err := f.entries.Board(ctx, c.a, f.project.ID, service.BoardFilter{}); code(err) != c.want {
				t.Errorf("%s: %v, want %s", name, err, c.want)
			}
			if err := f.entries.ExportCSV(ctx, c.a, f.project.ID, service.BoardFilter{}, "ja", &bytes.Buffer{}); code(err) != c.want {
				t.Errorf("%s exporting: %v, want %s", name, err, c.want)
			}
		}
		bd, err := f.entries.Board(ctx, f.staff, f.project.ID, service.BoardFilter{Query: "ＡＬＩＣＥ"})
		if err != nil || bd.Total != 1 || bd.Entries[0].ID != ea.ID || bd.Counts[furusato.StageScreening] != 1 || bd.Counts[furusato.StageSubmitted] != 1 {
			t.Errorf("board = %+v, %v", bd, err)
		}
		bd, err = f.entries.Board(ctx, f.gifu, f.project.ID, service.BoardFilter{Stage: furusato.StageSubmitted, Sort: "name"})
		if err != nil || bd.Total != 1 || bd.Entries[0].Participant.DisplayName != "Bob" {
			t.Errorf("board by stage = %+v, %v", bd, err)
		}
		es, total, err := f.entries.OrganizationEntries(ctx, f.gifu, f.project.OrganizationID, service.BoardFilter{})
		if err != nil || total < 2 || es[0].ID != ea.ID {
			t.Errorf("organisation entries = %v, %d, %v", es, total, err)
		}
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"another region's coordinator": {f.hokkaido, furusato.ENOTFOUND},
			"the company's staff":          {f.staff, furusato.ENOTFOUND},
			"a visitor":                    {furusato.Visitor, furusato.EUNAUTHORIZED},
		} {
			if _, _, err := f.entries.OrganizationEntries(ctx, c.a, f.project.OrganizationID, service.BoardFilter{}); code(err) != c.want {
				t.Errorf("organisation entries, %s: %v, want %s", name, err, c.want)
			}
		}
		if _, _, err := f.entries.OrganizationEntries(ctx, f.admin, f.project.OrganizationID, service.BoardFilter{}); err != nil {
			t.Errorf("admin: %v", err)
		}
	})
}

func TestEntriesExportCSV_OpensInExcelAndDefusesFormulas(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		a := f.newParticipant(t, "=HYPERLINK(\"http://evil\")")
		e, err := f.entries.Submit(ctx, a, f.project.ID, furusato.Entry{Motivation: "+SUM(A1)\n二行目", Contribution: "@cmd",
			HoursPerWeek: 8, Questions: "-1+1"})
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"ja", "en"} {
			var buf bytes.Buffer
			if err := f.entries.ExportCSV(ctx, f.gifu, f.project.ID, service.BoardFilter{}, lang, &buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if !strings.HasPrefix(out, "\ufeff") {
				t.Fatalf("%s: no BOM", lang)
			}
			// Header, row, and the line break inside the quoted motivation: all CRLF.
			if !strings.HasSuffix(out, "\r\n") || strings.Count(out, "\r\n") != 3 || strings.Count(out, "\n") != 3 {
				t.Errorf("%s: want CRLF line ends only: %q", lang, out)
			}
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
			if err != nil || len(rows) != 2 {
				t.Fatalf("%s: rows %v, %v", lang, rows, err)
			}
			header, row := rows[0], rows[1]
			wantHeader := map[string]string{"ja": "エントリーID", "en": "Entry ID"}[lang]
			if header[0] != wantHeader || len(header) != 10 {
				t.Errorf("%s header = %v", lang, header)
			}
			want := []string{fmt.Sprint(e.ID), "'=HYPERLINK(\"http://evil\")", a.User.Email, map[string]string{"ja": "エントリー", "en": "Submitted"}[lang],
				"8", "'+SUM(A1)\n二行目", "'@cmd", "'-1+1", "2026-11-24 10:00", "2026-11-24 10:00"}
			if fmt.Sprintf("%q", row) != fmt.Sprintf("%q", want) {
				t.Errorf("%s row = %q\nwant %q", lang, row, want)
			}
		}
	})
}

func TestEntriesFavorites_PublicProjectsOnly(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me := f.newParticipant(t, "気になる人")
		if err := f.entries.SetFavorite(ctx, furusato.Visitor, f.project.ID, true); code(err) != furusato.EUNAUTHORIZED {
			t.Errorf("visitor: %v", err)
		}
		draft, err := f.svc.Create(ctx, f.staff, "gujo-seiryu-farm", input("下書き"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.entries.SetFavorite(ctx, me, draft.ID, true); code(err) != furusato.ENOTFOUND {
			t.Errorf("draft: %v", err)
		}
		if err := f.entries.SetFavorite(ctx, me, draft.ID, false); err != nil {
			t.Errorf("unmark a draft: %v", err)
		}
		if err := f.entries.SetFavorite(ctx, me, f.project.ID, true); err != nil {
			t.Fatal(err)
		}
		ps, err := f.entries.Favorites(ctx, me)
		if err != nil || len(ps) != 1 || ps[0].ID != f.project.ID {
			t.Errorf("favourites = %v, %v", ps, err)
		}
		ids, err := f.entries.FavoriteIDs(ctx, me, []int64{f.project.ID, draft.ID})
		if err != nil || !ids[f.project.ID] || ids[draft.ID] {
			t.Errorf("ids = %v, %v", ids, err)
		}
		if ids, err := f.entries.FavoriteIDs(ctx, furusato.Visitor, []int64{f.project.ID}); err != nil || len(ids) != 0 {
			t.Errorf("visitor ids = %v, %v", ids, err)
		}
		if err := f.entries.SetFavorite(ctx, me, f.project.ID, false); err != nil {
			t.Fatal(err)
		}
		if ps, _ := f.entries.Favorites(ctx, me); len(ps) != 0 {
			t.Errorf("after unmark: %v", ps)
		}
	})
}
