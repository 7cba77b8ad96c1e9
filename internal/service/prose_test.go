package service_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// Free text is stored as typed (NFC, trimmed, LF; a bidi control is a
// field error, TestText_BidiControlsAreFieldErrors): NFKC
// would turn 「②3月～5月」 into 「23月~5月」 and ㎡ into m2. Saving a
// project unchanged logs no edit.
func TestProse_StoredAsTyped(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		bg := "①まず現地へ（１泊２日）…\n②3月～5月は㈱こうぞ舎の工房 10㎡で作業！ 気温は-5℃にも。"
		in := input("ＰＲ担当（１名）")
		in.Background = new(" " + bg + "\r\n")
		in.WorkPlace = new("郡上市＋オンライン")
		p, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", in)
		if err != nil {
			t.Fatal(err)
		}
		if p.Background != bg || p.Title != "ＰＲ担当（１名）" || p.WorkPlace != "郡上市＋オンライン" {
			t.Errorf("stored %q / %q / %q", p.Background, p.Title, p.WorkPlace)
		}
		// Full-width digits in a number field are still read as numbers.
		in.HoursPerWeek = nil
		if _, err := f.svc.Update(ctx, f.gifu, p.ID, in, p.Version()); err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.History(ctx, f.gifu, p.ID)
		if err != nil || len(h) != 1 || h[0].Action != furusato.HistoryCreated {
			t.Errorf("an unchanged save logged %+v, %v", h, err)
		}
		// Messages and entry answers keep their punctuation too.
		a := f.newParticipant(t, "参加者")
		e, err := f.entries.Submit(ctx, a, f.project.ID, furusato.Entry{Motivation: "記号テスト（括弧）！？：①㈱～ ｶﾀｶﾅ", Contribution: "広報", HoursPerWeek: 2})
		if err != nil || e.Motivation != "記号テスト（括弧）！？：①㈱～ ｶﾀｶﾅ" {
			t.Fatalf("entry %q, %v", e.Motivation, err)
		}
		_, msg, err := f.services.Messages.Post(ctx, a, e.ID, "資料は https://example.com/a（説明）です")
		if err != nil || msg.Body != "資料は https://example.com/a（説明）です" {
			t.Errorf("message %q, %v", msg.Body, err)
		}
	})
}
