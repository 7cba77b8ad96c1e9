package web

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// coverPNG is a w×h PNG.
func coverPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// png16Header is the start of a PNG of w×h 16-bit RGBA pixels: enough for
// the header check, which refuses it (w×h×8 bytes decoded) before reading
// any pixel.
func png16Header(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 16, 6
	chunk := append([]byte("IHDR"), ihdr...)
	b := binary.BigEndian.AppendUint32([]byte("\x89PNG\r\n\x1a\n"), 13)
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}

// postCover posts data as the "cover" file of a multipart form.
func (b *browser) postCover(path, filename string, data []byte) (*http.Response, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("cover", filename)
	if err != nil {
		b.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept-Language", "ja")
	return b.do(req)
}

// tagAt returns the tag of s that starts with prefix, "" for none.
func tagAt(s, prefix string) string {
	i := strings.Index(s, prefix)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], ">")
	return s[i : i+j+1]
}

var coverSrc = regexp.MustCompile(`/images/cover/[0-9a-f]{32}-(320|640|960)\.jpg`)

func TestCover_UploadServeShowAndRemove(t *testing.T) {
	s, srv := newManageSite(t)
	ctx := context.Background()
	pr, err := s.db.FindProject(ctx, "gifu-watercress-evangelist", furusato.ProjectStatuses)
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(pr.ID, 10)
	edit := "/manage/projects/" + id + "/edit"
	coord := s.manageSignIn(t, srv, gifuCoordinator)

	res, body := coord.get(edit)
	status(t, "edit form", res, body, http.StatusOK)
	mustContain(t, "edit form", body, `action="/manage/projects/`+id+`/cover" enctype="multipart/form-data"`,
		`<input id="cover" name="cover" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby="cover-hint">`)
	mustNotContain(t, "edit form without a cover", body, "/cover/remove")

	// Refusals: the wrong type beside the field; another region's coordinator gets 404.
	res, body = coord.postCover("/manage/projects/"+id+"/cover", "photo.png", []byte("not an image, just text"))
	status(t, "text upload", res, body, http.StatusBadRequest)
	mustContain(t, "text upload", body, `id="cover-error"`, "JPEG・PNG・WebPの画像を選んでください", `aria-invalid="true"`, `href="#cover"`)
	res, body = coord.postCover("/manage/projects/"+id+"/cover", "empty.png", nil)
	status(t, "no file", res, body, http.StatusBadRequest)
	mustContain(t, "no file", body, "画像ファイルを選んでください")
	res, body = coord.postCover("/manage/projects/"+id+"/cover", "deep.png", png16Header(3000, 3000))
	status(t, "16-bit 3000×3000", res, body, http.StatusBadRequest)
	mustContain(t, "16-bit 3000×3000", body, `id="cover-error"`, "この画像は大きすぎて処理できません。縮小した画像か、8ビットのJPEG画像を選んでください")
	other := s.manageSignIn(t, srv, otherRegion)
	res, body = other.postCover("/manage/projects/"+id+"/cover", "c.png", coverPNG(t, 64, 48))
	status(t, "another region", res, body, http.StatusForbidden) // a published project; a draft would be 404
	res, body = s.browser(t, srv.Server).postCover("/manage/projects/"+id+"/cover", "c.png", coverPNG(t, 64, 48))
	redirected(t, "visitor", res, body, "/account/signin")

	res, body = coord.postCover("/manage/projects/"+id+"/cover", "c.png", coverPNG(t, 1200, 800))
	redirected(t, "upload", res, body, edit+"#cover-title")
	res, body = coord.get(edit)
	status(t, "edit form with a cover", res, body, http.StatusOK)
	mustContain(t, "edit form with a cover", body, "カバー画像を保存しました。", "/cover/remove", "別の画像に差し替える")

	res, body = coord.get("/manage/projects/" + id + "/preview")
	status(t, "preview", res, body, http.StatusOK)
	mustContain(t, "preview", body, `<img class="cover cover-main"`)

	// The public page: the main image with srcset, sizes, width and height,
	// not lazy; og:image absolute.
	page := s.page(t, "/projects/gifu-watercress-evangelist", http.StatusOK)
	img := tagAt(page, `<img class="cover cover-main"`)
	for _, want := range []string{`-640.jpg" srcset="/images/cover/`, `-320.jpg 320w, /images/cover/`, `-640.jpg 640w, `, `-960.jpg 960w"`,
		`sizes="(min-width:768px) 50vw, 100vw"`, `width="640" height="427"`, `alt=""`, `fetchpriority="high"`} {
		if !strings.Contains(img, want) {
			t.Errorf("main image lacks %q: %s", want, img)
		}
	}
	if strings.Contains(img, "loading=") {
		t.Errorf("the main image is lazy: %s", img)
	}
	src := coverSrc.FindString(img)
	if src == "" {
		t.Fatalf("no cover on the page:\n%s", snippet(page))
	}
	mustContain(t, "og:image", page, `<meta property="og:image" content="`+testBaseURL+src+`">`)

	// Cards in the search list: the 320 variant, lazy.
	list := s.page(t, "/projects?q=クレソン", http.StatusOK)
	card := tagAt(list, `<img class="cover card-cover"`)
	for _, want := range []string{`-320.jpg" srcset=`, `-640.jpg 640w"`, `width="320" height="213"`, `loading="lazy"`, `alt=""`} {
		if !strings.Contains(card, want) {
			t.Errorf("card image lacks %q: %s", want, card)
		}
	}

	// Serving: headers, conditional requests, unknown keys.
	res, body = s.get(t, src)
	status(t, "image", res, body, http.StatusOK)
	for h, want := range map[string]string{"Content-Type": "image/jpeg", "Cache-Control": "public, max-age=31536000, immutable",
		"X-Content-Type-Options": "nosniff"} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	etag := res.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 || !strings.HasPrefix(body, "\xff\xd8") {
		t.Errorf("etag %q, body starts %q", etag, body[:min(4, len(body))])
	}
	res, _ = s.get(t, src, "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", res.StatusCode)
	}
	for _, p := range []string{"/images/cover/0123456789abcdef0123456789abcdef-640.jpg", "/images/nothing", "/images/cover/ABC-640.jpg", "/images/cover%2F..%2Fsecret"} {
		if res, _ := s.get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}

	// The history names the change; removing takes the picture off the page.
	res, body = coord.get("/manage/projects/" + id)
	status(t, "manage page", res, body, http.StatusOK)
	mustContain(t, "history", body, "カバー画像")
	res, body = other.post("/manage/projects/"+id+"/cover/remove", nil)
	status(t, "another region removes", res, body, http.StatusForbidden)
	res, body = coord.post("/manage/projects/"+id+"/cover/remove", nil)
	redirected(t, "remove", res, body, edit+"#cover-title")
	page = s.page(t, "/projects/gifu-watercress-evangelist", http.StatusOK)
	mustNotContain(t, "after removal", page, "cover-main", "og:image")
	if res, _ := s.get(t, src); res.StatusCode != http.StatusNotFound {
		t.Errorf("removed image: %d", res.StatusCode)
	}
}
