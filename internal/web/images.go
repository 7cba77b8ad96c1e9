package web

import (
	"context"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// Cover images: the upload form beside the project form, the public image
// route, and the <img> attributes of the project page and the cards.

// coverSizes is the sizes attribute of every cover (ui.md §7).
const coverSizes = "(min-width:768px) 50vw, 100vw"

// coverImage is a cover as an <img>: Src is the middle variant (the 320
// one on cards), Srcset every distinct variant with its actual width.
type coverImage struct {
	Src, Srcset, Sizes string
	Width, Height      int
}

// newCoverImage returns the <img> of cv, nil for no cover. The srcset
// offers every distinct variant up to maxW (640 on cards, 960 on the
// project page) with its actual width; src, width and height are those of
// the fallback variant src (320 on cards, 640 on the page), which give the
// aspect ratio every variant shares.
func newCoverImage(cv furusato.Cover, maxW, src int) *coverImage {
	if cv.Key == "" || cv.Width <= 0 || cv.Height <= 0 {
		return nil
	}
	img := &coverImage{Sizes: coverSizes, Src: "/images/" + service.CoverVariantKey(cv.Key, src)}
	img.Width, img.Height = service.CoverVariantSize(cv.Width, cv.Height, src)
	var set []string
	seen := map[int]bool{}
	for _, w := range service.CoverWidths {
		aw, _ := service.CoverVariantSize(cv.Width, cv.Height, w)
		if w > maxW || seen[aw] {
			continue
		}
		seen[aw] = true
		set = append(set, "/images/"+service.CoverVariantKey(cv.Key, w)+" "+strconv.Itoa(aw)+"w")
	}
	img.Srcset = strings.Join(set, ", ")
	return img
}

// covers returns the covers of ps by project id, from the project rows
// themselves (no extra query on the hot pages).
func (h *Handler) covers(_ context.Context, ps ...*furusato.Project) map[int64]furusato.Cover {
	out := make(map[int64]furusato.Cover, len(ps))
	for _, p := range ps {
		if p.CoverKey != "" {
			out[p.ID] = furusato.Cover{Key: p.CoverKey, Width: p.CoverWidth, Height: p.CoverHeight}
		}
	}
	return out
}

// withCovers gives the cards of ps (in the same order) their cover.
func (h *Handler) withCovers(ctx context.Context, cs []projectCard, ps []*furusato.Project) {
	cvs := h.covers(ctx, ps...)
	for i := range cs {
		if i < len(ps) {
			cs[i].Cover = newCoverImage(cvs[ps[i].ID], 640, 320)
		}
	}
}

// imageServe is GET /images/{key...}: the stored bytes, cached for a year
// as immutable, since keys are content hashes. Any stored key is served to
// anyone: the keys cannot be guessed (128-bit hashes) and a cover is public
// as soon as its project is.
func (h *Handler) imageServe(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	data, ct, err := h.svc.Projects.Image(r.Context(), key)
	if err != nil {
		if l, redirected := h.locale(w, r); !redirected {
			h.fail(w, r, l, err)
		}
		return
	}
	etag := `"` + strings.TrimSuffix(key[strings.LastIndex(key, "/")+1:], ".jpg") + `"`
	hd := w.Header()
	hd.Set("Content-Type", ct)
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("ETag", etag)
	hd.Set("X-Content-Type-Options", "nosniff")
	if inm := r.Header.Get("If-None-Match"); inm != "" && (inm == etag || inm == "*" || strings.Contains(inm, etag)) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// coverForm is the small upload form below the project form.
type coverForm struct {
	Action, RemoveAction string
	Current              *coverImage
	Error                string
}

// coverFormFor returns the cover form of project pr with its current cover.
func (h *Handler) coverFormFor(ctx context.Context, pr *furusato.Project) (*coverForm, error) {
	cvs, err := h.svc.Projects.Covers(ctx, []int64{pr.ID})
	if err != nil {
		return nil, err
	}
	base := manageURL(pr.ID) + "/cover"
	return &coverForm{Action: base, RemoveAction: base + "/remove", Current: newCoverImage(cvs[pr.ID], 640, 320)}, nil
}

// coverUpload is POST /manage/projects/{id}/cover (multipart/form-data,
// field "cover"). Errors come back beside the field on the edit page.
func (h *Handler) coverUpload(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		actor := httpx.ActorFrom(r.Context())
		pr, err := h.svc.Projects.Editable(r.Context(), actor, projectID(r))
		if err != nil {
			return err
		}
		r.Body = http.MaxBytesReader(w, r.Body, service.MaxCoverBytes+maxFormBytes)
		_, err = h.svc.Projects.SetCover(r.Context(), actor, pr.ID, coverPart(r))
		if inputError(err) {
			p, perr := h.editPage(r, l, pr, valuesOf(pr), pr.Version())
			if perr != nil {
				return perr
			}
			key := furusato.ErrorFields(err)["cover"]
			if key == "" {
				key = "images.error_type"
			}
			p.Cover.Error = l.T(key, "MB", service.MaxCoverBytes>>20, "Side", service.MaxCoverSide)
			p.ErrorTitle = true
			p.Problems = append(p.Problems, problem{Text: p.Cover.Error, Anchor: "cover"})
			return h.render(w, errorStatus(err), "manage_form", p)
		} else if err != nil {
			return err
		}
		h.redirect(w, r, manageURL(pr.ID)+"/edit#cover-title", "images.flash.uploaded")
		return nil
	})
}

// coverPart returns the body of the "cover" file of a multipart request,
// streamed (nothing is spooled to disk); an empty reader when there is none.
func coverPart(r *http.Request) io.Reader {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		return strings.NewReader("")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return strings.NewReader("")
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return strings.NewReader("")
		}
		if part.FormName() == "cover" {
			return part
		}
	}
}

// uncover is POST /manage/projects/{id}/cover/remove: the project loses its cover.
func (h *Handler) uncover(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		if err := parseForm(w, r); err != nil {
			return err
		}
		id := projectID(r)
		if err := h.svc.Projects.RemoveCover(r.Context(), httpx.ActorFrom(r.Context()), id); err != nil {
			return err
		}
		h.redirect(w, r, manageURL(id)+"/edit#cover-title", "images.flash.removed")
		return nil
	})
}
