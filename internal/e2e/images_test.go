package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/testkit"
)

// TestImagesJourney_CoordinatorUploadsACoverThePublicPageShowsIt: the Gifu
// coordinator chooses a PNG in the cover form of a Gifu project's edit page
// (the wrong file first), uploads it, and the public project page and the
// search results show it, loaded; axe-core on every page.
func TestImagesJourney_CoordinatorUploadsACoverThePublicPageShowsIt(t *testing.T) {
	s, db := startManageSite(t)
	pr, err := db.FindProject(context.Background(), "gifu-watercress-evangelist", furusato.ProjectStatuses)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	for y := range 800 {
		for x := range 1200 {
			img.Set(x, y, color.RGBA{uint8(x / 5), uint8(120 + y/8), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	cover := filepath.Join(dir, "kureson.png")
	notImage := filepath.Join(dir, "notes.png")
	for name, data := range map[string][]byte{cover: buf.Bytes(), notImage: []byte("これは画像ではありません")} {
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	b := testkit.NewBrowser(t)
	j := s.journey(t, b)
	j.signedIn("coordinator.gifu@demo.furusato.example")
	edit := "/manage/projects/" + strconv.FormatInt(pr.ID, 10) + "/edit"
	j.open(edit)
	if got := j.text(`#cover-title`); got != "カバー画像" {
		t.Fatalf("cover form heading %q", got)
	}
	// A text file named .png: refused by its content, beside the field.
	j.do(chromedp.SetUploadFiles(field("cover"), []string{notImage}))
	j.submitInvalid("画像をアップロードする")
	if got := j.text(`#cover-error`); !strings.HasSuffix(got, "JPEG・PNG・WebPの画像を選んでください") {
		t.Errorf("cover error %q", got)
	}
	if a := j.attrs(`#cover`); a["aria-invalid"] != "true" || !strings.Contains(a["aria-describedby"], "cover-error") {
		t.Errorf("cover field attributes %v", a)
	}
	j.do(chromedp.SetUploadFiles(field("cover"), []string{cover}))
	j.follow(chromedp.Click(button("画像をアップロードする")))
	if got := j.text(`[role="status"]`); got != "カバー画像を保存しました。" {
		t.Errorf("flash %q", got)
	}
	if got := j.url().Path; got != edit {
		t.Errorf("after the upload at %s", got)
	}

	j.open("/projects/gifu-watercress-evangelist")
	main := j.attrs(`img.cover-main`)
	if main["width"] != "640" || main["height"] != "427" || main["loading"] != "" ||
		!strings.Contains(main["srcset"], "960w") || main["sizes"] != "(min-width:768px) 50vw, 100vw" {
		t.Errorf("main image %v", main)
	}
	loaded, err := chromedp.Run(j.ctx, chromedp.Evaluate[bool](`new Promise(ok => {
		const img = document.querySelector('img.cover-main');
		if (!img) return ok(false);
		if (img.complete) return ok(img.naturalWidth > 0);
		img.addEventListener('load', () => ok(img.naturalWidth > 0));
		img.addEventListener('error', () => ok(false));
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !loaded {
		t.Errorf("the cover did not load")
	}
	if og := j.attrs(`meta[property="og:image"]`); !strings.HasPrefix(og["content"], s.URL+"/images/cover/") {
		t.Errorf("og:image %v", og)
	}

	j.open("/projects?q=" + "クレソン")
	if c := j.attrs(`img.card-cover`); c["loading"] != "lazy" || !strings.HasSuffix(c["src"], "-320.jpg") {
		t.Errorf("card image %v", c)
	}
}
