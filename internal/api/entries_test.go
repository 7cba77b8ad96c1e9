package api_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// entrySite is the demo site plus a second participant and a few entries
// made through the service, as the pages would make them.
type entrySite struct {
	*site
	entries  *service.Entries
	orgID    int64 // the Gifu coordinator's organisation
	mine     *furusato.Entry
	other    *furusato.Entry // another participant's, on the same organisation's project
	otherWho string
}

const (
	participantEmail = "participant@demo.furusato.example"
	coordEmail       = "coordinator.gifu@demo.furusato.example"
	secretText       = "非公開メモ：この人は有望です"
	motivationText   = "クレソンの魅力を伝えたいと思い、応募いたしました。"
)

func newEntrySite(t *testing.T) *entrySite {
	t.Helper()
	s := newSite(t)
	ctx := context.Background()
	clock := func() time.Time { return siteNow }
	es := &entrySite{site: s, entries: s.svc.Entries, otherWho: "other.participant@example.jp"}
	other, err := service.NewUsers(s.db, clock, service.TestArgon).CreateUser(ctx, es.otherWho, "別の 参加者", "another-long-password-2026", false)
	if err != nil {
		t.Fatal(err)
	}
	// A confirmed address: only such accounts make API tokens.
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkEmailVerified(ctx, other.ID, siteNow) }); err != nil {
		t.Fatal(err)
	}
	org, err := s.db.CoordinatorFor(ctx, 21)
	if err != nil {
		t.Fatal(err)
	}
	es.orgID = org.ID
	watercress := es.project("gifu-watercress-evangelist")
	washi := es.project("mino-washi-lighting-design")
	in := furusato.Entry{Motivation: motivationText, Contribution: "広報の経験を活かして発信します。", HoursPerWeek: 12}
	if es.mine, err = es.entries.Submit(ctx, s.actor(participantEmail), washi.ID, in); err != nil {
		t.Fatalf("submit: %v", err)
	}
	in.HoursPerWeek = 7
	if es.other, err = es.entries.Submit(ctx, s.actor(es.otherWho), watercress.ID, in); err != nil {
		t.Fatalf("submit: %v", err)
	}
	coord := s.actor(coordEmail)
	if err := es.entries.Move(ctx, coord, es.other.ID, furusato.StageInterview, "", ""); err != nil {
		t.Fatalf("move: %v", err)
	}
	if err := es.entries.AddNote(ctx, coord, es.other.ID, secretText); err != nil {
		t.Fatalf("note: %v", err)
	}
	if err := es.entries.SetFavorite(ctx, s.actor(participantEmail), watercress.ID, true); err != nil {
		t.Fatalf("favourite: %v", err)
	}
	return es
}

func (es *entrySite) project(slug string) *furusato.Project {
	es.t.Helper()
	p, err := es.db.FindProject(context.Background(), slug, nil)
	if err != nil {
		es.t.Fatal(err)
	}
	return p
}

type apiEntry struct {
	ID      int64 `json:"id"`
	Project struct {
		ID    int64  `json:"id"`
		Slug  string `json:"slug"`
		Title string `json:"title"`
	} `json:"project"`
	Participant *struct {
		ID          int64  `json:"id"`
		DisplayName string `json:"display_name"`
	} `json:"participant"`
	Stage        string `json:"stage"`
	HoursPerWeek int    `json:"hours_per_week"`
	URL          string `json:"url"`
}

type apiEntries struct {
	Entries []apiEntry `json:"entries"`
	Total   int        `json:"total"`
	Limit   int        `json:"limit"`
	Offset  int        `json:"offset"`
}

func decodeEntries(t *testing.T, r reply) apiEntries {
	t.Helper()
	var out apiEntries
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	return out
}

func findEntry(es []apiEntry, id int64) *apiEntry {
	for i := range es {
		if es[i].ID == id {
			return &es[i]
		}
	}
	return nil
}

// A participant's token lists their own entries and favourites: never
// another participant's entry, never the texts or the private notes.
func TestAPIEntries_MineAndFavoritesAreTheOwnersOnly(t *testing.T) {
	s := newEntrySite(t)
	tok, _ := s.token(participantEmail)
	r := s.call("GET", "/api/v1/me/entries", "", s.bearer(tok)...)
	r.want(t, "my entries", 200, "")
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", r.header.Get("Cache-Control"))
	}
	got := decodeEntries(t, r)
	e := findEntry(got.Entries, s.mine.ID)
	if e == nil {
		t.Fatalf("own entry %d missing: %s", s.mine.ID, r.body)
	}
	if e.Stage != "submitted" || e.HoursPerWeek != 12 || e.Project.Slug != "mino-washi-lighting-design" || e.Project.Title == "" ||
		e.URL != siteURL+"/me/entries/"+strconv.FormatInt(s.mine.ID, 10) || e.Participant != nil {
		t.Errorf("own entry %+v", e)
	}
	if findEntry(got.Entries, s.other.ID) != nil {
		t.Errorf("another participant's entry is listed: %s", r.body)
	}
	for _, leak := range []string{secretText, motivationText, "別の 参加者"} {
		if strings.Contains(r.body, leak) {
			t.Errorf("%q leaked: %s", leak, r.body)
		}
	}

	// The other participant sees their own, in interview, and not the first.
	other, _ := s.token(s.otherWho)
	theirs := decodeEntries(t, s.call("GET", "/api/v1/me/entries", "", s.bearer(other)...))
	if len(theirs.Entries) != 1 || theirs.Entries[0].ID != s.other.ID || theirs.Entries[0].Stage != "interview" {
		t.Errorf("other participant's entries %+v", theirs.Entries)
	}

	r = s.call("GET", "/api/v1/me/favorites", "", s.bearer(tok)...)
	r.want(t, "favourites", 200, "")
	var favs struct {
		Projects []struct {
			Slug     string  `json:"slug"`
			Deadline *string `json:"deadline"`
			URL      string  `json:"url"`
		} `json:"projects"`
	}
	if err := json.Unmarshal([]byte(r.body), &favs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range favs.Projects {
		if p.Slug == "gifu-watercress-evangelist" {
			found = p.Deadline != nil && p.URL == siteURL+"/projects/gifu-watercress-evangelist"
		}
	}
	if !found {
		t.Errorf("favourite missing or incomplete: %s", r.body)
	}
	if r := s.call("GET", "/api/v1/me/favorites", "", s.bearer(other)...); strings.Contains(r.body, "gifu-watercress-evangelist") {
		t.Errorf("someone else's favourite listed: %s", r.body)
	}

	s.call("GET", "/api/v1/me/entries", "").want(t, "no token", 401, "unauthorized")
	s.call("GET", "/api/v1/me/favorites", "").want(t, "no token", 401, "unauthorized")
	s.call("GET", "/api/v1/me/entries?stage=submitted", "", s.bearer(tok)...).want(t, "unknown parameter", 400, "invalid")
}

// An organisation's entries: its coordinators and admins read them (with
// the participant's name, without notes or texts); another region's
// coordinator, the company's staff, a participant get 404, as for an
// organisation that does not exist.
func TestAPIEntries_OrganizationEntriesForItsCoordinatorsOnly(t *testing.T) {
	s := newEntrySite(t)
	path := "/api/v1/organizations/" + strconv.FormatInt(s.orgID, 10) + "/entries"
	coord, _ := s.token(coordEmail)
	r := s.call("GET", path, "", s.bearer(coord)...)
	r.want(t, "coordinator", 200, "")
	got := decodeEntries(t, r)
	mine, other := findEntry(got.Entries, s.mine.ID), findEntry(got.Entries, s.other.ID)
	if mine == nil || other == nil || got.Total < 2 || got.Limit != 50 || got.Offset != 0 {
		t.Fatalf("organisation entries: %s", r.body)
	}
	if other.Participant == nil || other.Participant.DisplayName != "別の 参加者" || other.Stage != "interview" ||
		other.URL != siteURL+"/manage/entries/"+strconv.FormatInt(s.other.ID, 10) {
		t.Errorf("entry as the coordinator sees it: %+v", other)
	}
	for _, leak := range []string{secretText, motivationText} {
		if strings.Contains(r.body, leak) {
			t.Errorf("%q leaked: %s", leak, r.body)
		}
	}

	// Filter and page.
	iv := decodeEntries(t, s.call("GET", path+"?stage=interview", "", s.bearer(coord)...))
	if findEntry(iv.Entries, s.other.ID) == nil || findEntry(iv.Entries, s.mine.ID) != nil {
		t.Errorf("stage=interview: %+v", iv.Entries)
	}
	for _, e := range iv.Entries {
		if e.Stage != "interview" {
			t.Errorf("stage=interview lists %+v", e)
		}
	}
	one := decodeEntries(t, s.call("GET", path+"?limit=1&offset=1", "", s.bearer(coord)...))
	if len(one.Entries) != 1 || one.Limit != 1 || one.Offset != 1 || one.Total != got.Total || findEntry(got.Entries, one.Entries[0].ID) == nil {
		t.Errorf("limit=1&offset=1: %+v (all: %+v)", one, got.Entries)
	}

	admin, _ := s.token("admin@demo.furusato.example")
	s.call("GET", path, "", s.bearer(admin)...).want(t, "admin", 200, "")

	for _, who := range []string{"coordinator.hokkaido@demo.furusato.example", "staff.watercress@demo.furusato.example", participantEmail, "supporter@demo.furusato.example"} {
		tok, _ := s.token(who)
		r := s.call("GET", path, "", s.bearer(tok)...)
		r.want(t, who, 404, "not_found")
		if strings.Contains(r.body, "別の 参加者") {
			t.Errorf("%s: leaked %s", who, r.body)
		}
	}
	s.call("GET", path, "").want(t, "no token", 401, "unauthorized")
	s.call("GET", "/api/v1/organizations/999999/entries", "", s.bearer(coord)...).want(t, "no such organisation", 404, "not_found")
	s.call("GET", "/api/v1/organizations/gifu/entries", "", s.bearer(coord)...).want(t, "not an id", 404, "not_found")
	r = s.call("GET", path+"?stage=hired&limit=500&offset=-1", "", s.bearer(coord)...)
	r.want(t, "bad parameters", 400, "invalid")
	for _, f := range []string{`"stage"`, `"limit"`, `"offset"`} {
		if !strings.Contains(r.body, f) {
			t.Errorf("bad parameters: %s not named in %s", f, r.body)
		}
	}
	s.call("GET", path+"?sort=name", "", s.bearer(coord)...).want(t, "unknown parameter", 400, "invalid")
}
