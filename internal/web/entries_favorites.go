package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// Favourites (気になる) and the entry box of the public project page.

// entryBox is the entry section of a project page: whether it takes
// entries and why not, the call to action and the favourite button.
type entryBox struct {
	Closed   string // why the project takes no entries; "" when open
	EntryURL string // the entry form (a visitor is sent to sign in first)
	Active   string // the person's active entry on it, when there is one
	SignedIn bool
	Favorite bool   // the person marked it
	FavURL   string // POST target of the favourite button
	SignIn   string // sign-in link for a visitor, back to the page
}

// projectEntryBox fills the entry section of the public page of pr.
func (h *Handler) projectEntryBox(r *http.Request, pr *furusato.Project) *entryBox {
	b := &entryBox{EntryURL: entryFormURL(pr), FavURL: projectURL(pr) + "/favorite",
		SignIn: "/account/signin?next=" + projectURL(pr), Closed: string(service.ClosedReason(pr, h.svc.Catalogue.Now()))}
	a := actorOf(r)
	b.SignedIn = a.SignedIn()
	if !b.SignedIn {
		return b
	}
	if st, err := h.svc.Entries.Start(r.Context(), a, pr.Slug); err == nil {
		b.Closed = string(st.Closed)
		if st.Active != nil {
			b.Active = myEntryURL(st.Active.ID)
		}
	}
	if favs, err := h.svc.Entries.FavoriteIDs(r.Context(), a, []int64{pr.ID}); err == nil {
		b.Favorite = favs[pr.ID]
	}
	return b
}

// favoriteSet is POST /projects/{key}/favorite: on=1 marks the project,
// on=0 unmarks it; back where the button was, with a flash.
func (h *Handler) favoriteSet(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		if err := parseForm(w, r); err != nil {
			return err
		}
		pr, err := h.svc.Catalogue.FindProject(r.Context(), r.PathValue("key"))
		if err != nil {
			return err
		}
		// Back where the button was: the entry box of the project page (not
		// its top, a long page away), the favourites list, or a local page
		// the form names (a list, with its card's anchor).
		back := projectURL(pr) + "#s-entry"
		if b := r.PostFormValue("back"); b == "favorites" {
			back = "/me/favorites"
		} else if lp := localPath(b); lp != "" {
			back = lp
		}
		// The buttons send on=1 or on=0 (a hidden value); anything else was
		// not sent by them, so nothing changes and the person is told.
		on, ok := map[string]bool{"1": true, "0": false}[r.PostFormValue("on")]
		if !ok {
			h.redirect(w, r, back, "fixes.flash.favorite_bad_on")
			return nil
		}
		if err := h.svc.Entries.SetFavorite(r.Context(), actorOf(r), pr.ID, on); err != nil {
			return err
		}
		flash := "entries.flash.favorite_on"
		if !on {
			flash = "entries.flash.favorite_off"
		}
		h.redirect(w, r, back, flash)
		return nil
	})
}

// favoritesPage is GET /me/favorites.
type favoritesPage struct {
	ui.Base
	Cards []favoriteCard
}

// favoriteCard is a project card with its remove button.
type favoriteCard struct {
	Card   projectCard
	FavURL string
}

// favoriteList is GET /me/favorites: the person's favourites, newest mark
// first, each with a button to remove it.
func (h *Handler) favoriteList(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		ps, err := h.svc.Entries.Favorites(r.Context(), actorOf(r))
		if err != nil {
			return err
		}
		p := favoritesPage{Base: h.base(r, l, l.T("entries.favorites_title"))}
		p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
		cs := cards(l, ps, h.svc.Catalogue.Now(), false)
		h.withCovers(r.Context(), cs, ps)
		for i, c := range cs {
			p.Cards = append(p.Cards, favoriteCard{Card: c, FavURL: projectURL(ps[i]) + "/favorite"})
		}
		return h.render(w, http.StatusOK, "favorites", p)
	})
}
