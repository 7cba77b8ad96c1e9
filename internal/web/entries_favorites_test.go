package web

import (
	"context"
	"net/url"
	"testing"
)

// 気になる takes only on=1 and on=0, as the buttons send them: anything
// else goes back to the button with a polite flash, and the list is as it
// was (it used to take any value but "0" as "on").
func TestEntries_FavoriteRefusesAnOnOtherThanZeroOrOne(t *testing.T) {
	s, srv := newEntriesSite(t)
	b := s.manageSignIn(t, srv, participant)
	pr := s.project(t, watercress)
	u, err := s.db.FindUserByEmail(context.Background(), participant)
	if err != nil {
		t.Fatal(err)
	}
	marked := func() bool {
		favs, err := s.db.FavoriteIDs(context.Background(), u.ID, []int64{pr.ID})
		if err != nil {
			t.Fatal(err)
		}
		return favs[pr.ID]
	}
	for _, on := range []string{"yes", "", "on", "2", "01", " 1"} {
		res, body := b.post("/projects/"+watercress+"/favorite", url.Values{"on": {on}})
		redirected(t, "on="+on, res, body, "/projects/"+watercress+"#s-entry")
		if marked() {
			t.Fatalf("on=%q marked the project", on)
		}
		_, body = b.get("/projects/" + watercress)
		mustContain(t, "on="+on, body, "気になるリストを変更できませんでした。")
		mustNotContain(t, "on="+on, body, "気になるリストに追加しました")
	}
	// No value at all is refused too, from the favourites page back to it.
	res, body := b.post("/projects/"+watercress+"/favorite", url.Values{"back": {"favorites"}})
	redirected(t, "no on", res, body, "/me/favorites")
	if marked() {
		t.Fatal("a missing on marked the project")
	}
	inEnglish(t, b)
	res, body = b.post("/projects/"+watercress+"/favorite", url.Values{"on": {"true"}})
	redirected(t, "en on=true", res, body, "/projects/"+watercress+"#s-entry")
	_, body = b.get("/projects/" + watercress)
	mustContain(t, "en on=true", body, "Your saved projects could not be changed.")
	if marked() {
		t.Fatal("on=true marked the project")
	}
}
